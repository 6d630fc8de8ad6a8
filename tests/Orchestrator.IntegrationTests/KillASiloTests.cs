using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Orchestrator.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Orchestrator.IntegrationTests;

/// <summary>
/// The production shape for real: two silo processes and a gateway process on PostgreSQL and Redis. One silo is
/// killed during traffic; every message that was answered 200 must have its row, conversations must keep their
/// session ids, and no escalation may open a second ticket.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class KillASiloTests(Servers servers, ITestOutputHelper output) : IAsyncLifetime
{
    private Database _database = null!;
    private ProcessCluster _cluster = null!;
    private ServiceProcess _gateway = null!;
    private ServiceProcess _doomed = null!;

    public async Task InitializeAsync()
    {
        _database = await Database.CreateAsync(servers.Postgres, migrate: false);
        _cluster = new ProcessCluster(_database.Url, servers.Redis.Url, new Dictionary<string, string>
        {
            // Faster failure detection than the defaults, so the test is quick; the mechanism is the same.
            ["Orleans__Membership__ProbeTimeout"] = "00:00:01",
            ["Orleans__Membership__NumMissedProbesLimit"] = "2",
            ["Orleans__Membership__NumVotesForDeathDeclaration"] = "1",
            ["Orleans__Messaging__ResponseTimeout"] = "00:00:05",
        });
        await _cluster.StartSiloAsync();
        _doomed = await _cluster.StartSiloAsync();
        _gateway = await _cluster.StartGatewayAsync();
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task KillingASiloDuringTrafficLosesNoAnsweredMessage()
    {
        using var http = new HttpClient { BaseAddress = _gateway.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        await Eventually(async () => (await http.GetStringAsync("/health")).Contains("2 active silo", StringComparison.Ordinal), "the gateway sees both silos");

        var answered = new ConcurrentDictionary<string, JsonObject>();
        var sessions = new ConcurrentDictionary<string, ConcurrentDictionary<string, byte>>();
        var failures = new ConcurrentQueue<(TimeSpan At, string What)>();
        var attempts = 0;
        var clock = Stopwatch.StartNew();
        TimeSpan? killedAt = null;
        var runFor = TimeSpan.FromSeconds(25);

        async Task User(int user)
        {
            for (var n = 0; clock.Elapsed < runFor; n++)
            {
                var text = (user % 10, n % 4) switch
                {
                    (0, 1) => "bir müşteri temsilcisiyle görüşmek istiyorum",
                    (_, 0) => "gecelik fiyatı ne kadar?",
                    (_, 1) => "iade politikanız nedir?",
                    (_, 2) => "pijama stokta var mı",
                    _ => "kargo ne zaman gelir",
                };
                var messageId = $"u{user}-m{n}";
                while (true)
                {
                    Interlocked.Increment(ref attempts);
                    try
                    {
                        var response = await http.PostAsJsonAsync("/webhook", new
                        {
                            mesaj_metni = text,
                            kullanici_id = $"user-{user}",
                            isletme_id = "business456",
                            platform = "whatsapp",
                            mesaj_id = messageId,
                        });
                        if (response.StatusCode == HttpStatusCode.OK)
                        {
                            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
                            answered[messageId] = body;
                            sessions.GetOrAdd($"user-{user}", _ => new()).TryAdd((string)body["session_id"]!, 0);
                            break;
                        }

                        failures.Enqueue((clock.Elapsed, $"{(int)response.StatusCode}"));
                    }
                    catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
                    {
                        failures.Enqueue((clock.Elapsed, exception.GetType().Name));
                    }

                    await Task.Delay(100);
                }
            }
        }

        var traffic = Enumerable.Range(0, 24).Select(User).ToList();
        await Task.Delay(TimeSpan.FromSeconds(6));
        killedAt = clock.Elapsed;
        _doomed.Kill();
        await Task.WhenAll(traffic);

        var failed = failures.ToArray();
        var lastFailure = failed.Length == 0 ? killedAt.Value : failed.Max(f => f.At);
        var rows = await _database.ScalarAsync("SELECT count(*) FROM interactions WHERE platform_message_id = ANY($1)", (object)answered.Keys.ToArray());
        var allRows = await _database.ScalarAsync("SELECT count(*) FROM interactions");
        var tickets = answered.Values.Where(a => a["ticket_id"] is not null).Select(a => (string)a["ticket_id"]!).Distinct().ToList();
        var ticketRows = await _database.ScalarAsync("SELECT count(*) FROM escalation_tickets");
        output.WriteLine($"messages answered 200: {answered.Count}; HTTP attempts: {attempts}; failed attempts: {failed.Length} ({string.Join(", ", failed.GroupBy(f => f.What).Select(g => $"{g.Key} x{g.Count()}"))})");
        output.WriteLine($"interaction rows for the 200s: {rows}; rows in total: {allRows}");
        output.WriteLine($"silo killed at {killedAt.Value.TotalSeconds:0.0} s; last failed attempt at {lastFailure.TotalSeconds:0.0} s; answering normally again after {(lastFailure - killedAt.Value).TotalSeconds:0.0} s");
        output.WriteLine($"tickets: {tickets.Count} distinct in answers, {ticketRows} ticket rows; users with one session id: {sessions.Count(s => s.Value.Count == 1)}/{sessions.Count}");

        Assert.Equal(answered.Count, rows);
        Assert.Equal(allRows, rows);
        Assert.All(sessions, s => Assert.Single(s.Value));
        Assert.Equal(tickets.Count, ticketRows);
        Assert.True(answered.Count > 200, "traffic flowed");
        Assert.True(failed.All(f => f.At >= killedAt.Value), "no failures before the kill");
    }

    private static async Task Eventually(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting until {what}");
            await Task.Delay(250);
        }
    }
}
