using Orchestrator.Grains.Sessions;
using Orchestrator.IntegrationTests.Infrastructure;
using Orchestrator.Silo.Persistence;

namespace Orchestrator.IntegrationTests;

[Collection(ServersCollection.Name)]
public sealed class InteractionStoreTests(Servers servers) : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);
    private Database _database = null!;
    private PostgresWriter _writer = null!;
    private PostgresInteractionStore _store = null!;

    public async Task InitializeAsync()
    {
        _database = await Database.CreateAsync(servers.Postgres);
        _writer = _database.Writer();
        _store = new PostgresInteractionStore(_database.DataSource, _writer);
    }

    public async Task DisposeAsync()
    {
        await _writer.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task RecordsInteractionsAndReadsTheNewestFirst()
    {
        var first = Record("b1", "u1", "m1", Start);
        var second = Record("b1", "u1", null, Start.AddSeconds(1)) with { LlmResponse = "not json {", Confidence = null, Intent = null };

        Assert.True((await _store.RecordAsync(first, default)).Inserted);
        Assert.True((await _store.RecordAsync(second, default)).Inserted);
        var recent = await _store.RecentAsync("b1", "whatsapp", "u1", 10, default);

        Assert.Equal([second, first], recent);
    }

    [Fact]
    public async Task RecordsARedeliveredPlatformMessageOnceAndReturnsTheFirstRecord()
    {
        var first = Record("b2", "u1", "wamid.1", Start);
        var again = Record("b2", "u1", "wamid.1", Start.AddSeconds(2)) with { FinalResponse = "another answer" };

        await _store.RecordAsync(first, default);
        var outcome = await _store.RecordAsync(again, default);

        Assert.False(outcome.Inserted);
        Assert.Equal(first, outcome.Record);
        Assert.Equal(1, await _database.ScalarAsync("SELECT count(*) FROM interactions WHERE business_id = 'b2'"));
    }

    [Fact]
    public async Task ConcurrentRedeliveriesOfOneMessageLeaveOneRowAndAgreeOnItsAnswer()
    {
        var deliveries = Enumerable.Range(0, 50).Select(i => Record("b3", "u1", "wamid.race", Start) with { FinalResponse = $"answer {i}" }).ToList();

        var outcomes = await Task.WhenAll(deliveries.Select(d => _store.RecordAsync(d, default).AsTask()));

        Assert.Single(outcomes, o => o.Inserted);
        Assert.Single(outcomes.Select(o => o.Record.Id).Distinct());
        Assert.Equal(1, await _database.ScalarAsync("SELECT count(*) FROM interactions WHERE business_id = 'b3'"));
    }

    [Fact]
    public async Task CommitsEveryOneOfAThousandConcurrentRecords()
    {
        var records = Enumerable.Range(0, 1000).Select(i => Record("b4", $"u{i % 37}", $"m{i}", Start.AddMilliseconds(i))).ToList();

        var outcomes = await Task.WhenAll(records.Select(r => _store.RecordAsync(r, default).AsTask()));

        Assert.All(outcomes, o => Assert.True(o.Inserted));
        Assert.Equal(1000, await _database.ScalarAsync("SELECT count(*) FROM interactions WHERE business_id = 'b4'"));
    }

    [Fact]
    public async Task ComputesTheBusinessStatistics()
    {
        await _store.RecordAsync(Record("b5", "u1", null, Start) with { Intent = "product_price", ProcessingMs = 10 }, default);
        await _store.RecordAsync(Record("b5", "u1", null, Start.AddSeconds(1)) with { Intent = "greeting", ProcessingMs = 20 }, default);
        await _store.RecordAsync(Record("b5", "u2", null, Start.AddSeconds(2)) with { Platform = "telegram", SessionId = "s2", Intent = "complaint", Escalated = true, ProcessingMs = 30 }, default);

        var statistics = await _store.StatisticsAsync("b5", default);

        Assert.Equal(3, statistics.Messages);
        Assert.Equal(2, statistics.Sessions);
        Assert.Equal(2, statistics.Users);
        Assert.Equal(1, statistics.Escalations);
        Assert.Equal(1, statistics.Intents["complaint"]);
        Assert.Equal(2, statistics.Platforms["whatsapp"]);
        Assert.Equal(20, statistics.AverageResponseMs);
        Assert.Equal(Start.AddSeconds(2), statistics.LastMessageAt);
    }

    [Fact]
    public async Task ReadsTheConversationsInteractionsOfOneTicketSinceItOpenedOldestFirstThroughTheConversationIndex()
    {
        var opening = Record("b7", "u1", null, Start) with { Escalated = true, TicketId = "TKT1" };
        var waiting = Record("b7", "u1", null, Start.AddSeconds(2)) with { Escalated = true, TicketId = "TKT1", UserMessage = "hala bekliyorum" };
        var between = Record("b7", "u1", null, Start.AddSeconds(1)) with { Escalated = true, TicketId = "TKT1", UserMessage = "orada mısınız" };
        await _store.RecordAsync(waiting, default);
        await _store.RecordAsync(opening, default);
        await _store.RecordAsync(between, default);
        await _store.RecordAsync(Record("b7", "u1", null, Start.AddSeconds(3)), default);
        await _store.RecordAsync(Record("b7", "u1", null, Start.AddSeconds(-30)) with { Escalated = true, TicketId = "TKT1" }, default);
        await _store.RecordAsync(Record("b7", "u2", null, Start.AddSeconds(3)) with { Escalated = true, TicketId = "TKT2" }, default);

        var recorded = await _store.ForTicketAsync("b7", "whatsapp", "u1", "TKT1", Start, default);
        var plan = await _database.PlanAsync(
            "SELECT id FROM interactions WHERE business_id = 'b7' AND platform = 'whatsapp' AND user_id = 'u1' AND created_at >= now() AND ticket_id = 'TKT1' ORDER BY created_at, id");

        Assert.Equal([opening, between, waiting], recorded);
        Assert.Empty(await _store.ForTicketAsync("b7", "whatsapp", "u1", "TKT2", Start, default));
        Assert.Contains("interactions_conversation", plan, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ForgettingABusinessRemovesItsRecords()
    {
        await _store.RecordAsync(Record("b6", "u1", null, Start), default);

        await _store.ForgetBusinessAsync("b6", default);

        Assert.Equal(0, (await _store.StatisticsAsync("b6", default)).Messages);
    }

    internal static InteractionRecord Record(string business, string user, string? messageId, DateTimeOffset at) => new(
        Guid.CreateVersion7(at), business, "whatsapp", user, "s1", messageId, "gecelik fiyatı ne kadar?",
        "{\"intent\":\"product_price\"}", "Test Gecelik\nFiyat: 299.99 TL", "product_price", 0.93, "p1", false, null,
        "local-intent/1", false, 3, "req-1", at);
}
