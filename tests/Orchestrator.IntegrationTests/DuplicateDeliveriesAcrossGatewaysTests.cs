using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Orchestrator.IntegrationTests.Infrastructure;

namespace Orchestrator.IntegrationTests;

/// <summary>The same platform message delivered to two gateways at once is answered once and recorded once.</summary>
[Collection(ServersCollection.Name)]
public sealed class DuplicateDeliveriesAcrossGatewaysTests(Servers servers) : IAsyncLifetime
{
    private Database _database = null!;
    private ProcessCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _database = await Database.CreateAsync(servers.Postgres, migrate: false);
        _cluster = new ProcessCluster(_database.Url, servers.Redis.Url);
        await _cluster.StartSiloAsync();
        await _cluster.StartSiloAsync();
        await _cluster.StartGatewayAsync();
        await _cluster.StartGatewayAsync();
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task RacingRedeliveriesOnTwoGatewaysAreAnsweredAndRecordedOnce()
    {
        using var first = new HttpClient { BaseAddress = _cluster.Gateways[0].BaseAddress };
        using var second = new HttpClient { BaseAddress = _cluster.Gateways[1].BaseAddress };
        const int Messages = 100;

        var pairs = await Task.WhenAll(Enumerable.Range(0, Messages).Select(async i =>
        {
            var body = new { mesaj_metni = "gecelik fiyatı ne kadar?", kullanici_id = $"user-{i % 10}", isletme_id = "business456", platform = "whatsapp", mesaj_id = $"wamid.{i}" };
            var responses = await Task.WhenAll(first.PostAsJsonAsync("/webhook", body), second.PostAsJsonAsync("/webhook", body));
            Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
            return await Task.WhenAll(responses.Select(async r => JsonNode.Parse(await r.Content.ReadAsStringAsync())!));
        }));

        foreach (var pair in pairs)
        {
            Assert.Equal((string?)pair[0]["message"], (string?)pair[1]["message"]);
            Assert.Equal((string?)pair[0]["session_id"], (string?)pair[1]["session_id"]);
            Assert.Single(pair, p => !(bool)p["duplicate"]!);
        }

        Assert.Equal(Messages, await _database.ScalarAsync("SELECT count(*) FROM interactions"));
        Assert.Equal(Messages, await _database.ScalarAsync("SELECT count(DISTINCT platform_message_id) FROM interactions"));
    }
}
