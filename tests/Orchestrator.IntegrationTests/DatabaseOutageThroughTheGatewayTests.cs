using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Orchestrator.IntegrationTests.Infrastructure;

namespace Orchestrator.IntegrationTests;

/// <summary>
/// With PostgreSQL stopped, <c>/webhook</c> answers 503 with problem details within seconds, <c>/health</c> says
/// which dependency is down, and service resumes by itself when PostgreSQL returns. Runs on a server of its own.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class DatabaseOutageThroughTheGatewayTests(Servers servers) : IAsyncLifetime
{
    private PostgresServer _postgres = null!;
    private Database _database = null!;
    private ProcessCluster _cluster = null!;
    private ServiceProcess _silo = null!;
    private ServiceProcess _gateway = null!;

    public async Task InitializeAsync()
    {
        _postgres = await PostgresServer.StartAsync(ownServer: true);
        _database = await Database.CreateAsync(_postgres, migrate: false);
        _cluster = new ProcessCluster(_database.Url, servers.Redis.Url);
        _silo = await _cluster.StartSiloAsync();
        _gateway = await _cluster.StartGatewayAsync();
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        await _database.DisposeAsync();
        await _postgres.DisposeAsync();
    }

    [Fact]
    public async Task AnswersServiceUnavailableWhileTheDatabaseIsDownAndRecoversByItself()
    {
        using var http = new HttpClient { BaseAddress = _gateway.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        Assert.Equal(HttpStatusCode.OK, (await Send(http, "u1", "m1")).StatusCode);

        await _postgres.StopAsync();
        var clock = Stopwatch.StartNew();
        var known = await Send(http, "u1", "m2");
        var knownTook = clock.Elapsed;
        var newUser = await Send(http, "u-new", "m3");
        var health = await http.GetAsync("/health");
        var healthBody = JsonNode.Parse(await health.Content.ReadAsStringAsync())!;

        Assert.True(known.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)known.StatusCode}\n{_gateway.LogTail}");
        Assert.Equal("application/problem+json", known.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(known.Headers.RetryAfter);
        Assert.True(knownTook < TimeSpan.FromSeconds(10), $"the 503 took {knownTook}");
        Assert.True(newUser.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)newUser.StatusCode}\n{_gateway.LogTail}");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal("unhealthy", (string?)healthBody["checks"]!["postgres"]!["status"]);
        Assert.Equal("healthy", (string?)healthBody["checks"]!["redis"]!["status"]);

        await _postgres.StartServerAsync();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        HttpResponseMessage resumed;
        while ((resumed = await Send(http, "u1", "m2")).StatusCode != HttpStatusCode.OK)
        {
            Assert.True(DateTime.UtcNow < deadline, $"no recovery: still {(int)resumed.StatusCode}\n{_silo.LogTail}");
            await Task.Delay(250);
        }

        Assert.Equal(HttpStatusCode.OK, (await Send(http, "u-new", "m3")).StatusCode);
        Assert.Equal(3, await _database.ScalarAsync("SELECT count(*) FROM interactions"));
        Assert.Equal(1, await _database.ScalarAsync("SELECT count(DISTINCT session_id) FROM interactions WHERE user_id = 'u1'"));
    }

    private static Task<HttpResponseMessage> Send(HttpClient http, string user, string messageId) =>
        http.PostAsJsonAsync("/webhook", new { mesaj_metni = "gecelik fiyatı ne kadar?", kullanici_id = user, isletme_id = "business456", platform = "web", mesaj_id = messageId });
}
