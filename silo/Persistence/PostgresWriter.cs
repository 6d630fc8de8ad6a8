using Npgsql;
using Orchestrator.Grains.Sessions;

namespace Orchestrator.Silo.Persistence;

/// <summary>
/// The silo's one group commit for the message path: interaction rows (<see cref="PostgresInteractionStore"/>) and
/// ticket changes (<see cref="PostgresTicketStore"/>) queued at the same moment go to PostgreSQL as one batch: one
/// round trip, one implicit transaction, one commit. A durable commit costs PostgreSQL a WAL flush, the costliest
/// thing it does per message on a small machine; a ticket change no longer pays one of its own when interactions are
/// being written anyway. Settings: section <c>Database:Writes</c>.
/// </summary>
/// <remarks>
/// Each caller is completed only after the batch holding its write is committed. A batch that fails for one write
/// (not an outage) is written again write by write, so only that one fails (<see cref="GroupCommit{TItem, TResult}"/>).
/// </remarks>
public sealed class PostgresWriter : IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly GroupCommit<PendingWrite, WriteResult> _commit;

    public PostgresWriter(NpgsqlDataSource dataSource, GroupCommitOptions options, ILogger<PostgresWriter> logger)
    {
        _dataSource = dataSource;
        _commit = new GroupCommit<PendingWrite, WriteResult>(
            "interactions and ticket changes", options.MaxBatchSize, options.Writers, WriteAsync, logger);
    }

    /// <summary>Records an interaction with the next batch; the earlier record when its platform message was recorded before.</summary>
    internal async Task<RecordOutcome> RecordAsync(InteractionRecord record) =>
        (await _commit.EnqueueAsync(new PendingWrite(record, null))).Recorded!;

    /// <summary>Saves a ticket change with the next batch; false when the ticket's version was stale (nothing written).</summary>
    internal async Task<bool> SaveAsync(TicketSave save) =>
        (await _commit.EnqueueAsync(new PendingWrite(null, save))).Saved;

    public ValueTask DisposeAsync() => _commit.DisposeAsync();

    private async Task<WriteResult[]> WriteAsync(IReadOnlyList<PendingWrite> writes)
    {
        var records = new List<InteractionRecord>();
        var saves = new List<TicketSave>();
        foreach (var write in writes)
        {
            if (write.Interaction is { } record)
            {
                records.Add(record);
            }
            else
            {
                saves.Add(write.Ticket!);
            }
        }

        await using var connection = await _dataSource.OpenConnectionAsync();
        HashSet<Guid>? inserted = null;
        var saved = new bool[saves.Count];
        await using (var batch = new NpgsqlBatch(connection))
        {
            if (records.Count > 0)
            {
                batch.BatchCommands.Add(PostgresInteractionStore.InsertCommand(records));
            }

            foreach (var save in saves)
            {
                batch.BatchCommands.Add(PostgresTicketStore.SaveCommand(save));
            }

            await using var reader = await batch.ExecuteReaderAsync();
            if (records.Count > 0)
            {
                inserted = await PostgresInteractionStore.ReadInsertedAsync(reader);
            }

            for (var i = 0; i < saves.Count; i++)
            {
                if (i > 0 || records.Count > 0)
                {
                    await reader.NextResultAsync();
                }

                saved[i] = await PostgresTicketStore.ReadSavedAsync(reader);
            }
        }

        var outcomes = records.Count > 0 ? await PostgresInteractionStore.OutcomesAsync(connection, records, inserted!) : [];
        var results = new WriteResult[writes.Count];
        int nextRecord = 0, nextSave = 0;
        for (var i = 0; i < writes.Count; i++)
        {
            results[i] = writes[i].Interaction is not null
                ? new WriteResult(outcomes[nextRecord++], false)
                : new WriteResult(null, saved[nextSave++]);
        }

        return results;
    }

    /// <summary>One queued write: an interaction or a ticket change.</summary>
    private sealed record PendingWrite(InteractionRecord? Interaction, TicketSave? Ticket);

    private readonly record struct WriteResult(RecordOutcome? Recorded, bool Saved);
}
