using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Orchestrator.IntegrationTests.Infrastructure;

namespace Orchestrator.IntegrationTests;

/// <summary>
/// A notification survives a silo restart: the ticket and its outbox row are committed together, the only silo
/// dies before Slack can be reached, and the next silo delivers it.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class NotificationAcrossSiloRestartTests(Servers servers) : IAsyncLifetime
{
    private readonly int _slackPort = Tools.FreePort();
    private Database _database = null!;
    private ProcessCluster _cluster = null!;
    private ProcessCluster? _restarted;

    public async Task InitializeAsync()
    {
        _database = await Database.CreateAsync(servers.Postgres, migrate: false);
        _cluster = new ProcessCluster(_database.Url, servers.Redis.Url, Settings());
        await _cluster.StartSiloAsync();
        await _cluster.StartGatewayAsync();
    }

    public async Task DisposeAsync()
    {
        if (_restarted is not null)
        {
            await _restarted.DisposeAsync();
        }

        await _cluster.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task ANotificationPendingWhenTheSiloDiesIsDeliveredByTheNextSilo()
    {
        using var http = new HttpClient { BaseAddress = _cluster.Gateways[0].BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        var response = await http.PostAsJsonAsync("/webhook", new
        {
            mesaj_metni = "bir müşteri temsilcisiyle görüşmek istiyorum",
            kullanici_id = "905551112233",
            isletme_id = "business456",
            platform = "whatsapp",
            mesaj_id = "wamid.restart-1",
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var ticketId = (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["ticket_id"]!;

        // Slack is unreachable: the silo tries, fails and schedules a retry; then it dies.
        await WaitAsync(async () => await _database.ScalarAsync(
            "SELECT count(*) FROM notification_outbox WHERE ticket_id = $1 AND channel = 'slack' AND status = 'pending' AND attempts >= 1", ticketId) == 1,
            "the first Slack attempt failed and was scheduled again");
        _cluster.Silos[0].Kill();

        // The whole deployment comes back (a new cluster on the same database), now with Slack reachable.
        await using var slack = await SlackReceiver.StartAsync(_slackPort);
        _restarted = new ProcessCluster(_database.Url, servers.Redis.Url, Settings());
        await _restarted.StartSiloAsync();
        await WaitAsync(() => Task.FromResult(slack.Bodies.Any(b => b.Contains(ticketId, StringComparison.Ordinal))), "Slack received the ticket");

        Assert.Equal(1, await _database.ScalarAsync(
            "SELECT count(*) FROM notification_outbox WHERE ticket_id = $1 AND channel = 'slack' AND status = 'delivered'", ticketId));
        Assert.Equal(1, await _database.ScalarAsync("SELECT count(*) FROM escalation_tickets WHERE ticket_id = $1", ticketId));
        Assert.Equal("/services/T1/B1/secret", slack.Paths.First());
    }

    private Dictionary<string, string> Settings() => new()
    {
        ["SLACK_WEBHOOK_URL"] = $"http://127.0.0.1:{_slackPort}/services/T1/B1/secret",
        ["Notifications__Delivery__BaseDelay"] = "00:00:00.200",
        ["Notifications__Delivery__MaxDelay"] = "00:00:01",
        ["Notifications__Delivery__PollInterval"] = "00:00:00.100",
        ["Notifications__Delivery__Lease"] = "00:00:05",
    };

    private static async Task WaitAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting until {what}.");
            await Task.Delay(100);
        }
    }

    /// <summary>A stand-in for Slack's incoming webhook on a fixed loopback port.</summary>
    private sealed class SlackReceiver : IAsyncDisposable
    {
        private WebApplication _app = null!;

        public ConcurrentQueue<string> Bodies { get; } = new();

        public ConcurrentQueue<string> Paths { get; } = new();

        public static async Task<SlackReceiver> StartAsync(int port)
        {
            var receiver = new SlackReceiver();
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
            builder.Logging.ClearProviders();
            receiver._app = builder.Build();
            receiver._app.Run(async context =>
            {
                using var reader = new StreamReader(context.Request.Body);
                receiver.Bodies.Enqueue(await reader.ReadToEndAsync());
                receiver.Paths.Enqueue(context.Request.Path);
                await context.Response.WriteAsync("ok");
            });
            await receiver._app.StartAsync();
            return receiver;
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
