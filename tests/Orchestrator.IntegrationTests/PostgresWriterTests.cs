using Npgsql;
using Orchestrator.GrainInterfaces;
using Orchestrator.Grains.Sessions;
using Orchestrator.IntegrationTests.Infrastructure;
using Orchestrator.Silo.Persistence;

namespace Orchestrator.IntegrationTests;

/// <summary>The silo's one group commit for interactions and ticket changes.</summary>
[Collection(ServersCollection.Name)]
public sealed class PostgresWriterTests(Servers servers) : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);
    private Database _database = null!;
    private PostgresWriter _writer = null!;
    private PostgresInteractionStore _interactions = null!;
    private PostgresTicketStore _tickets = null!;

    public async Task InitializeAsync()
    {
        _database = await Database.CreateAsync(servers.Postgres);
        _writer = _database.Writer(new GroupCommitOptions { Writers = 1 });
        _interactions = new PostgresInteractionStore(_database.DataSource, _writer);
        _tickets = new PostgresTicketStore(_database.DataSource, _writer);
    }

    public async Task DisposeAsync()
    {
        await _writer.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task InteractionsAndTicketChangesQueuedAtTheSameMomentAreCommittedByOneTransaction()
    {
        var held = await HoldTheWriterAsync();
        var records = Enumerable.Range(0, 5).Select(i => InteractionStoreTests.Record("b1", $"u{i}", $"m{i}", Start.AddSeconds(i))).ToArray();
        var ticket = TicketStoreTests.Ticket("TKT-0000000001", "b1", TicketPriority.Medium);
        var recording = records.Select(r => _interactions.RecordAsync(r, default).AsTask()).ToArray();
        var saving = _tickets.SaveAsync(ticket, 0, [], default);
        await held.ReleaseAsync();

        Assert.All(await Task.WhenAll(recording), o => Assert.True(o.Inserted));
        Assert.True(await saving);
        Assert.Equal(1, await _database.ScalarAsync(
            """
            SELECT count(DISTINCT xmin::text) FROM (
                SELECT xmin FROM interactions WHERE platform_message_id LIKE 'm%'
                UNION ALL SELECT xmin FROM escalation_tickets WHERE ticket_id = 'TKT-0000000001') AS written
            """));
    }

    [Fact]
    public async Task ATicketChangePostgresRejectsFailsAloneAndTheInteractionsOfItsBatchAreCommitted()
    {
        var held = await HoldTheWriterAsync();
        var records = Enumerable.Range(0, 5).Select(i => InteractionStoreTests.Record("b2", $"u{i}", $"m{i}", Start.AddSeconds(i))).ToArray();
        // PostgreSQL text cannot hold NUL: this ticket's insert fails, and with it the batch it was sent in.
        var broken = TicketStoreTests.Ticket("TKT-0000000002", "b2", TicketPriority.High) with { Detail = "bozuk\0metin" };
        var recording = records.Select(r => _interactions.RecordAsync(r, default).AsTask()).ToArray();
        var saving = _tickets.SaveAsync(broken, 0, [], default);
        await held.ReleaseAsync();

        Assert.IsType<PostgresException>(await Record.ExceptionAsync(() => saving));
        Assert.All(await Task.WhenAll(recording), o => Assert.True(o.Inserted));
        Assert.Equal(5, await _database.ScalarAsync("SELECT count(*) FROM interactions WHERE business_id = 'b2' AND platform_message_id LIKE 'm%'"));
        Assert.Equal(0, await _database.ScalarAsync("SELECT count(*) FROM escalation_tickets WHERE ticket_id = 'TKT-0000000002'"));
    }

    /// <summary>
    /// Keeps the (single) writer busy: another transaction inserts a platform message and stays open, and the
    /// writer's batch recording the same message waits for it. What is queued meanwhile forms the next batch.
    /// </summary>
    private async Task<HeldWriter> HoldTheWriterAsync()
    {
        var blocker = await _database.DataSource.OpenConnectionAsync();
        var transaction = await blocker.BeginTransactionAsync();
        var record = InteractionStoreTests.Record("held", "u1", "wamid.held", Start);
        await using (var insert = new NpgsqlCommand(
            "INSERT INTO interactions (id, business_id, platform, user_id, session_id, platform_message_id, user_message, final_response, created_at) VALUES ($1, $2, $3, $4, 's1', $5, 'x', 'y', $6)",
            blocker, transaction))
        {
            foreach (var value in new object[] { Guid.NewGuid(), record.BusinessId, record.Platform, record.UserId, record.PlatformMessageId!, Start })
            {
                insert.Parameters.Add(new NpgsqlParameter { Value = value });
            }

            await insert.ExecuteNonQueryAsync();
        }

        var waiting = _interactions.RecordAsync(record, default).AsTask();
        for (var attempt = 0; await _database.ScalarAsync("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'") == 0; attempt++)
        {
            Assert.True(attempt < 200, "The writer's batch never waited for the open transaction.");
            await Task.Delay(25);
        }

        return new HeldWriter(blocker, transaction, waiting);
    }

    private sealed record HeldWriter(NpgsqlConnection Connection, NpgsqlTransaction Transaction, Task<RecordOutcome> Waiting)
    {
        public async Task ReleaseAsync()
        {
            await Transaction.RollbackAsync();
            Assert.True((await Waiting).Inserted);
            await Connection.DisposeAsync();
        }
    }
}
