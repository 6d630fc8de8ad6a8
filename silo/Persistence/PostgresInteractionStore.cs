using System.Collections.Immutable;
using Npgsql;
using Orchestrator.GrainInterfaces;
using Orchestrator.Grains.Sessions;

namespace Orchestrator.Silo.Persistence;

/// <summary>
/// The interactions table, written by the silo's group commit (<see cref="PostgresWriter"/>): <see cref="RecordAsync"/>
/// queues the row, and a background writer inserts everything queued with one statement in the batch's one
/// transaction. A caller is completed only after the commit (invariant 1).
/// </summary>
public sealed class PostgresInteractionStore : IInteractionStore
{
    private const string Columns =
        "id, business_id, platform, user_id, session_id, platform_message_id, user_message, llm_response, final_response, intent, " +
        "confidence, product_id, escalated, ticket_id, model_version, from_cache, processing_ms, request_id, created_at";

    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresWriter _writer;

    public PostgresInteractionStore(NpgsqlDataSource dataSource, PostgresWriter writer)
    {
        _dataSource = dataSource;
        _writer = writer;
    }

    public ValueTask<RecordOutcome> RecordAsync(InteractionRecord record, CancellationToken cancellationToken) =>
        new(_writer.RecordAsync(record));

    public Task<IReadOnlyList<InteractionRecord>> RecentAsync(
        string businessId, string platform, string userId, int limit, CancellationToken cancellationToken) => QueryAsync(
        $"SELECT {Columns} FROM interactions WHERE business_id = $1 AND platform = $2 AND user_id = $3 ORDER BY created_at DESC, id DESC LIMIT $4",
        cancellationToken, businessId, platform, userId, limit);

    // A range of the conversation index (business, platform, user, time): the conversation's rows since the ticket
    // opened (a few), whatever the length of the conversation before it.
    public Task<IReadOnlyList<InteractionRecord>> ForTicketAsync(
        string businessId, string platform, string userId, string ticketId, DateTimeOffset since, CancellationToken cancellationToken) => QueryAsync(
        $"""
        SELECT {Columns} FROM interactions
        WHERE business_id = $1 AND platform = $2 AND user_id = $3 AND created_at >= $4 AND ticket_id = $5
        ORDER BY created_at, id
        """,
        cancellationToken, businessId, platform, userId, since.ToUniversalTime(), ticketId);

    /// <summary>The records a query of <see cref="Columns"/> returns, in its order.</summary>
    private Task<IReadOnlyList<InteractionRecord>> QueryAsync(string sql, CancellationToken cancellationToken, params object[] values) => Postgres.Run(async () =>
    {
        await using var command = _dataSource.CreateCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var records = new List<InteractionRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(Read(reader));
        }

        return (IReadOnlyList<InteractionRecord>)records;
    });

    public Task<BusinessStatistics> StatisticsAsync(string businessId, CancellationToken cancellationToken) => Postgres.Run(async () =>
    {
        await using var batch = _dataSource.CreateBatch();
        batch.BatchCommands.Add(Command(
            """
            SELECT count(*), count(DISTINCT session_id), count(DISTINCT (platform, user_id)), count(*) FILTER (WHERE escalated),
                   coalesce(avg(processing_ms), 0), max(created_at)
            FROM interactions WHERE business_id = $1
            """, businessId));
        batch.BatchCommands.Add(Command("SELECT intent, count(*) FROM interactions WHERE business_id = $1 AND intent IS NOT NULL GROUP BY intent", businessId));
        batch.BatchCommands.Add(Command("SELECT platform, count(*) FROM interactions WHERE business_id = $1 GROUP BY platform", businessId));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var (messages, sessions, users, escalations) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
        var averageMs = (double)reader.GetDecimal(4);
        DateTimeOffset? last = reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5);
        var intents = await ReadCountsAsync(reader, cancellationToken);
        var platforms = await ReadCountsAsync(reader, cancellationToken);
        return new BusinessStatistics(businessId, messages, sessions, users, escalations, intents, platforms, averageMs, last);
    });

    public Task ForgetBusinessAsync(string businessId, CancellationToken cancellationToken) => Postgres.Run(async () =>
    {
        await using var command = _dataSource.CreateCommand("DELETE FROM interactions WHERE business_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = businessId });
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync(cancellationToken);
    });

    /// <summary>
    /// The insert of a batch's rows, one statement; rows whose platform message was recorded before are left out
    /// (<see cref="OutcomesAsync"/> finds the earlier rows).
    /// </summary>
    internal static NpgsqlBatchCommand InsertCommand(IReadOnlyList<InteractionRecord> records)
    {
        var insert = new NpgsqlBatchCommand(InsertStatement);
        var parameters = insert.Parameters;
        parameters.AddTyped(Column(records, r => r.Id));
        parameters.AddTyped(Column(records, r => Text(r.BusinessId)));
        parameters.AddTyped(Column(records, r => Text(r.Platform)));
        parameters.AddTyped(Column(records, r => Text(r.UserId)));
        parameters.AddTyped(Column(records, r => Text(r.SessionId)));
        parameters.AddTyped(Column(records, r => Text(r.PlatformMessageId)));
        parameters.AddTyped(Column(records, r => Text(r.UserMessage)));
        parameters.AddTyped(Column(records, r => Text(r.LlmResponse)));
        parameters.AddTyped(Column(records, r => Text(r.FinalResponse)));
        parameters.AddTyped(Column(records, r => Text(r.Intent)));
        parameters.AddTyped(Column(records, r => r.Confidence));
        parameters.AddTyped(Column(records, r => Text(r.ProductId)));
        parameters.AddTyped(Column(records, r => r.Escalated));
        parameters.AddTyped(Column(records, r => Text(r.TicketId)));
        parameters.AddTyped(Column(records, r => Text(r.ModelVersion)));
        parameters.AddTyped(Column(records, r => r.FromCache));
        parameters.AddTyped(Column(records, r => r.ProcessingMs));
        parameters.AddTyped(Column(records, r => Text(r.RequestId)));
        parameters.AddTyped(Column(records, r => r.CreatedAt.ToUniversalTime()));
        return insert;
    }

    /// <summary>The ids <see cref="InsertCommand"/> inserted.</summary>
    internal static async Task<HashSet<Guid>> ReadInsertedAsync(NpgsqlDataReader reader)
    {
        var inserted = new HashSet<Guid>();
        while (await reader.ReadAsync())
        {
            inserted.Add(reader.GetGuid(0));
        }

        return inserted;
    }

    /// <summary>
    /// Each record's outcome once its batch is committed: inserted, or the earlier record of the same platform
    /// message (read on the same connection).
    /// </summary>
    internal static async Task<RecordOutcome[]> OutcomesAsync(NpgsqlConnection connection, IReadOnlyList<InteractionRecord> records, HashSet<Guid> inserted)
    {
        var outcomes = new RecordOutcome[records.Count];
        List<int>? conflicts = null;
        for (var i = 0; i < records.Count; i++)
        {
            if (inserted.Contains(records[i].Id))
            {
                outcomes[i] = new RecordOutcome(true, records[i]);
            }
            else
            {
                (conflicts ??= []).Add(i);
            }
        }

        if (conflicts is not null)
        {
            // ON CONFLICT waits for a conflicting row's transaction to end, so the earlier rows are committed and visible.
            var earlier = await ReadEarlierAsync(connection, [.. conflicts.Select(i => records[i])]);
            foreach (var i in conflicts)
            {
                var record = records[i];
                outcomes[i] = earlier.TryGetValue((record.BusinessId, record.Platform, record.UserId, record.PlatformMessageId ?? ""), out var first)
                    ? new RecordOutcome(false, first)
                    : throw new InvalidOperationException($"Interaction {record.Id} was neither inserted nor found as a redelivery.");
            }
        }

        return outcomes;
    }

    private const string InsertStatement =
        $"""
        INSERT INTO interactions ({Columns})
        SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                             $10::text[], $11::float8[], $12::text[], $13::bool[], $14::text[], $15::text[], $16::bool[], $17::int[],
                             $18::text[], $19::timestamptz[])
        ON CONFLICT DO NOTHING
        RETURNING id
        """;

    private static T[] Column<T>(IReadOnlyList<InteractionRecord> records, Func<InteractionRecord, T> value)
    {
        var column = new T[records.Count];
        for (var i = 0; i < column.Length; i++)
        {
            column[i] = value(records[i]);
        }

        return column;
    }

    private static async Task<Dictionary<(string, string, string, string), InteractionRecord>> ReadEarlierAsync(
        NpgsqlConnection connection, InteractionRecord[] records)
    {
        await using var select = new NpgsqlCommand(
            $"""
            SELECT {string.Join(", ", Columns.Split(", ").Select(c => "i." + c))}
            FROM interactions i
            JOIN unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS k(business_id, platform, user_id, platform_message_id)
              ON i.business_id = k.business_id AND i.platform = k.platform AND i.user_id = k.user_id AND i.platform_message_id = k.platform_message_id
            """, connection);
        select.Parameters.AddTyped(Column(records, r => r.BusinessId));
        select.Parameters.AddTyped(Column(records, r => r.Platform));
        select.Parameters.AddTyped(Column(records, r => r.UserId));
        select.Parameters.AddTyped(Column(records, r => r.PlatformMessageId));
        var result = new Dictionary<(string, string, string, string), InteractionRecord>();
        await using var reader = await select.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var record = Read(reader);
            result[(record.BusinessId, record.Platform, record.UserId, record.PlatformMessageId!)] = record;
        }

        return result;
    }

    private static InteractionRecord Read(NpgsqlDataReader reader) => new(
        reader.GetGuid(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetString(3),
        reader.GetString(4),
        reader.IsDBNull(5) ? null : reader.GetString(5),
        reader.GetString(6),
        reader.IsDBNull(7) ? null : reader.GetString(7),
        reader.GetString(8),
        reader.IsDBNull(9) ? null : reader.GetString(9),
        reader.IsDBNull(10) ? null : reader.GetDouble(10),
        reader.IsDBNull(11) ? null : reader.GetString(11),
        reader.GetBoolean(12),
        reader.IsDBNull(13) ? null : reader.GetString(13),
        reader.IsDBNull(14) ? null : reader.GetString(14),
        reader.GetBoolean(15),
        reader.GetInt32(16),
        reader.IsDBNull(17) ? null : reader.GetString(17),
        reader.GetFieldValue<DateTimeOffset>(18));

    private static async Task<ImmutableSortedDictionary<string, long>> ReadCountsAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        await reader.NextResultAsync(cancellationToken);
        var counts = ImmutableSortedDictionary.CreateBuilder<string, long>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            counts[reader.GetString(0)] = reader.GetInt64(1);
        }

        return counts.ToImmutable();
    }

    /// <summary>PostgreSQL text cannot hold NUL; one stray character from a model must not fail a whole batch.</summary>
    private static string? Text(string? value) => value?.Contains('\0') == true ? value.Replace("\0", "", StringComparison.Ordinal) : value;

    private static NpgsqlBatchCommand Command(string sql, string value) =>
        new(sql) { Parameters = { new NpgsqlParameter { Value = value } } };
}
