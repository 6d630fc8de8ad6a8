using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using Npgsql;
using NpgsqlTypes;
using Orchestrator.GrainInterfaces;
using Orchestrator.Grains.Escalations;
using Orchestrator.Grains.Escalations.Notifications;

namespace Orchestrator.Silo.Persistence;

/// <summary>
/// Tickets in <c>escalation_tickets</c> and the <c>notification_outbox</c>. A ticket change and its notifications
/// are written by one statement; the ticket's version guards against a second writer. Ticket changes are group
/// committed with the interactions (<see cref="PostgresWriter"/>): the changes queued at the same moment go to
/// PostgreSQL in one batch, one round trip and one commit.
/// </summary>
public sealed class PostgresTicketStore : ITicketStore, INotificationOutbox
{
    private const string TicketColumns =
        "ticket_id, business_id, session_id, platform, user_id, escalation_reason, detail, status, priority, assigned_to, " +
        "conversation_history::text, sla_due_at, sla_raised, version, created_at, updated_at, resolved_at, wait_notice_sent";

    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresWriter _writer;

    public PostgresTicketStore(NpgsqlDataSource dataSource, PostgresWriter writer)
    {
        _dataSource = dataSource;
        _writer = writer;
    }

    public Task<TicketSnapshot?> LoadAsync(string ticketId, CancellationToken cancellationToken) => Postgres.Run(async () =>
    {
        await using var command = _dataSource.CreateCommand($"SELECT {TicketColumns} FROM escalation_tickets WHERE ticket_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = ticketId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadTicket(reader) : null;
    });

    /// <summary>Queues the change for the next group commit; true once it is committed, false if the version was stale.</summary>
    public Task<bool> SaveAsync(TicketSnapshot ticket, long expectedVersion, IReadOnlyList<OutboundMessage> messages, CancellationToken cancellationToken) =>
        _writer.SaveAsync(new TicketSave(ticket, expectedVersion, messages));

    /// <summary>Whether <see cref="SaveCommand"/> wrote its ticket: a stale version writes nothing and reads false.</summary>
    internal static async Task<bool> ReadSavedAsync(NpgsqlDataReader reader)
    {
        await reader.ReadAsync();
        return reader.GetInt64(0) == 1;
    }

    private const string InsertTicket = """
        INSERT INTO escalation_tickets (id, ticket_id, business_id, session_id, platform, user_id, escalation_reason, detail, status, priority,
            assigned_to, conversation_history, sla_due_at, sla_raised, version, created_at, updated_at, resolved_at, wait_notice_sent)
        VALUES ($19, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
        ON CONFLICT (ticket_id) DO NOTHING
        """;

    private const string UpdateTicket = """
        UPDATE escalation_tickets SET status = $8, priority = $9, assigned_to = $10, conversation_history = $11, sla_due_at = $12,
            sla_raised = $13, version = $14, updated_at = $16, resolved_at = $17, detail = $7, wait_notice_sent = $18
        WHERE ticket_id = $1 AND version = $19
        """;

    /// <summary>The four forms of a ticket change's statement (new or existing ticket; with or without notifications), built once.</summary>
    private static readonly string[] SaveStatements =
    [
        SaveStatement(InsertTicket, notifications: false),
        SaveStatement(InsertTicket, notifications: true),
        SaveStatement(UpdateTicket, notifications: false),
        SaveStatement(UpdateTicket, notifications: true),
    ];

    /// <summary>
    /// One statement for a ticket change: the versioned ticket write and, only if it wrote the row, its notifications
    /// (a stale version writes neither). Reads 1 if the ticket was written, 0 if not.
    /// </summary>
    internal static NpgsqlBatchCommand SaveCommand(TicketSave change)
    {
        var (ticket, expectedVersion, messages) = change;
        var command = new NpgsqlBatchCommand(SaveStatements[(expectedVersion == 0 ? 0 : 2) + (messages.Count == 0 ? 0 : 1)]);
        AddTicket(command.Parameters, ticket);
        command.Parameters.Add(expectedVersion == 0 ? new NpgsqlParameter { Value = Guid.CreateVersion7(ticket.CreatedAt) } : new NpgsqlParameter { Value = expectedVersion });
        if (messages.Count > 0)
        {
            AddMessages(command.Parameters, messages);
        }

        return command;
    }

    public Task<TicketPage> ListAsync(TicketQuery query, CancellationToken cancellationToken) => Postgres.Run(async () =>
    {
        const string Filter = "($1::text IS NULL OR business_id = $1) AND ($2::text IS NULL OR status = $2) AND ($3::text IS NULL OR priority = $3)";
        await using var batch = _dataSource.CreateBatch();
        var page = new NpgsqlBatchCommand(
            $"""
            SELECT ticket_id, business_id, platform, user_id, escalation_reason, status, priority, assigned_to, created_at, updated_at
            FROM escalation_tickets WHERE {Filter} ORDER BY created_at DESC, ticket_id OFFSET $4 LIMIT $5
            """);
        var count = new NpgsqlBatchCommand($"SELECT count(*) FROM escalation_tickets WHERE {Filter}");
        foreach (var command in new[] { page, count })
        {
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)query.BusinessId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter { Value = query.Status is { } status ? TicketNames.Status(status) : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter { Value = query.Priority is { } priority ? TicketNames.Priority(priority) : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        }

        page.Parameters.Add(new NpgsqlParameter { Value = query.Offset });
        page.Parameters.Add(new NpgsqlParameter { Value = query.Limit });
        batch.BatchCommands.Add(page);
        batch.BatchCommands.Add(count);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var items = ImmutableArray.CreateBuilder<TicketSummary>();
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(new TicketSummary(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), ParseReason(reader.GetString(4)),
                Enum.Parse<TicketStatus>(reader.GetString(5), ignoreCase: true), Enum.Parse<TicketPriority>(reader.GetString(6), ignoreCase: true),
                reader.IsDBNull(7) ? null : reader.GetString(7), reader.GetFieldValue<DateTimeOffset>(8), reader.GetFieldValue<DateTimeOffset>(9)));
        }

        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new TicketPage(items.ToImmutable(), query.Offset, query.Limit, (int)reader.GetInt64(0));
    });

    public Task<ConversationTickets> ForConversationAsync(string businessId, string platform, string userId, CancellationToken cancellationToken) => Postgres.Run(async () =>
    {
        await using var command = _dataSource.CreateCommand(
            """
            SELECT ticket_id, status, wait_notice_sent, count(*) OVER () FROM escalation_tickets
            WHERE business_id = $1 AND platform = $2 AND user_id = $3
            ORDER BY created_at DESC, ticket_id DESC LIMIT 1
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = businessId });
        command.Parameters.Add(new NpgsqlParameter { Value = platform });
        command.Parameters.Add(new NpgsqlParameter { Value = userId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new ConversationTickets(reader.GetString(0), Enum.Parse<TicketStatus>(reader.GetString(1), ignoreCase: true), reader.GetBoolean(2), (int)reader.GetInt64(3))
            : ConversationTickets.None;
    });

    public Task<IReadOnlyList<string>> DueForSlaAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken) => Postgres.Run(async () =>
    {
        await using var command = _dataSource.CreateCommand(
            "SELECT ticket_id FROM escalation_tickets WHERE status = 'open' AND NOT sla_raised AND sla_due_at <= $1 ORDER BY sla_due_at LIMIT $2");
        command.Parameters.Add(new NpgsqlParameter { Value = now.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var due = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            due.Add(reader.GetString(0));
        }

        return (IReadOnlyList<string>)due;
    });

    public Task<int> EnqueueAsync(IReadOnlyList<OutboundMessage> messages, CancellationToken cancellationToken) => Postgres.Run(async () =>
    {
        if (messages.Count == 0)
        {
            return 0;
        }

        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var enqueue = EnqueueCommand(messages);
        enqueue.Connection = connection;
        return await enqueue.ExecuteNonQueryAsync(cancellationToken);
    });

    /// <summary>One insert for a batch; a message already there (same id) is left as it is.</summary>
    private static NpgsqlCommand EnqueueCommand(IReadOnlyList<OutboundMessage> messages)
    {
        var command = new NpgsqlCommand($"{Enqueue(1)} ON CONFLICT (id) DO NOTHING");
        AddMessages(command.Parameters, messages);
        return command;
    }

    /// <summary>The outbox insert of a batch whose six array parameters start at <c>$first</c> (see <see cref="AddMessages"/>).</summary>
    private static string SaveStatement(string save, bool notifications) => notifications
        ? $"""
          WITH saved AS ({save} RETURNING 1),
          queued AS ({Enqueue(20)} WHERE EXISTS (SELECT FROM saved) ON CONFLICT (id) DO NOTHING)
          SELECT count(*) FROM saved
          """
        : $"WITH saved AS ({save} RETURNING 1) SELECT count(*) FROM saved";

    private static string Enqueue(int first) =>
        $"""
        INSERT INTO notification_outbox (id, business_id, ticket_id, channel, payload, next_attempt_at, created_at)
        SELECT * FROM unnest(${first}::uuid[], ${first + 1}::text[], ${first + 2}::text[], ${first + 3}::text[], ${first + 4}::jsonb[],
                             ${first + 5}::timestamptz[], ${first + 5}::timestamptz[])
        """;

    private static void AddMessages(NpgsqlParameterCollection parameters, IReadOnlyList<OutboundMessage> messages)
    {
        parameters.Add(new NpgsqlParameter { Value = messages.Select(m => m.Id).ToArray() });
        parameters.Add(new NpgsqlParameter { Value = messages.Select(m => m.BusinessId).ToArray() });
        parameters.Add(new NpgsqlParameter { Value = messages.Select(m => m.TicketId).ToArray() });
        parameters.Add(new NpgsqlParameter { Value = messages.Select(m => m.Channel).ToArray() });
        parameters.Add(new NpgsqlParameter { Value = messages.Select(m => JsonSerializer.Serialize(m.Event, NotificationJsonContext.Default.NotificationEvent)).ToArray() });
        parameters.Add(new NpgsqlParameter { Value = messages.Select(m => m.CreatedAt.ToUniversalTime()).ToArray() });
    }

    public Task<IReadOnlyList<OutboxItem>> ClaimAsync(int max, TimeSpan lease, DateTimeOffset now, CancellationToken cancellationToken) => Postgres.Run(async () =>
    {
        // SKIP LOCKED: silos claiming at the same moment take different messages instead of waiting for each other.
        await using var command = _dataSource.CreateCommand(
            """
            UPDATE notification_outbox SET leased_until = $2
            WHERE id IN (
                SELECT id FROM notification_outbox
                WHERE status = 'pending' AND next_attempt_at <= $1 AND (leased_until IS NULL OR leased_until <= $1)
                ORDER BY next_attempt_at LIMIT $3
                FOR UPDATE SKIP LOCKED)
            RETURNING id, business_id, ticket_id, channel, payload::text, attempts, created_at
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = now.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter { Value = (now + lease).ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter { Value = max });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var items = new List<OutboxItem>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var ev = JsonSerializer.Deserialize(reader.GetString(4), NotificationJsonContext.Default.NotificationEvent)!;
            items.Add(new OutboxItem(
                new OutboundMessage(reader.GetGuid(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3), ev, reader.GetFieldValue<DateTimeOffset>(6)),
                reader.GetInt32(5)));
        }

        return (IReadOnlyList<OutboxItem>)items;
    });

    public Task CompleteAsync(Guid id, DateTimeOffset at, CancellationToken cancellationToken) =>
        Execute("UPDATE notification_outbox SET status = 'delivered', attempts = attempts + 1, completed_at = $2, leased_until = NULL WHERE id = $1", cancellationToken, id, at.ToUniversalTime());

    public Task SkipAsync(Guid id, string reason, DateTimeOffset at, CancellationToken cancellationToken) =>
        Execute("UPDATE notification_outbox SET status = 'skipped', last_error = $2, completed_at = $3, leased_until = NULL WHERE id = $1", cancellationToken, id, reason, at.ToUniversalTime());

    public Task RetryAsync(Guid id, DateTimeOffset nextAttempt, string error, CancellationToken cancellationToken) =>
        Execute("UPDATE notification_outbox SET attempts = attempts + 1, next_attempt_at = $2, last_error = $3, leased_until = NULL WHERE id = $1", cancellationToken, id, nextAttempt.ToUniversalTime(), error);

    public Task FailAsync(Guid id, string error, DateTimeOffset at, CancellationToken cancellationToken) =>
        Execute("UPDATE notification_outbox SET status = 'failed', attempts = attempts + 1, last_error = $2, completed_at = $3, leased_until = NULL WHERE id = $1", cancellationToken, id, error, at.ToUniversalTime());

    public Task<NotificationStatistics> StatisticsAsync(string businessId, CancellationToken cancellationToken) => Postgres.Run(async () =>
    {
        await using var command = _dataSource.CreateCommand(
            """
            SELECT count(*) FILTER (WHERE status = 'pending'), count(*) FILTER (WHERE status = 'delivered'),
                   count(*) FILTER (WHERE status = 'failed'), count(*) FILTER (WHERE status = 'skipped')
            FROM notification_outbox WHERE business_id = $1 AND channel <> 'inbound'
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = businessId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new NotificationStatistics(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
    });

    private Task Execute(string sql, CancellationToken cancellationToken, params object[] values) => Postgres.Run(async () =>
    {
        await using var command = _dataSource.CreateCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    });

    private static void AddTicket(NpgsqlParameterCollection parameters, TicketSnapshot ticket)
    {
        parameters.AddTyped(ticket.TicketId);
        parameters.AddTyped(ticket.BusinessId);
        parameters.AddTyped(ticket.SessionId);
        parameters.AddTyped(ticket.Platform);
        parameters.AddTyped(ticket.UserId);
        parameters.AddTyped(EscalationReasons.ToWire(ticket.Reason));
        parameters.AddTyped(ticket.Detail);
        parameters.AddTyped(TicketNames.Status(ticket.Status));
        parameters.AddTyped(TicketNames.Priority(ticket.Priority));
        parameters.Add(new NpgsqlParameter { Value = (object?)ticket.AssignedTo ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });

        // Written as UTF-8 straight from the grain's messages: no copy of each message and no UTF-16 string of the
        // whole conversation (the largest allocation of a ticket change).
        parameters.Add(new NpgsqlParameter<byte[]>
        {
            TypedValue = JsonSerializer.SerializeToUtf8Bytes(ticket.Conversation, TicketJsonContext.Default.ImmutableArrayTicketMessage),
            NpgsqlDbType = NpgsqlDbType.Jsonb,
        });
        parameters.Add(new NpgsqlParameter { Value = (object?)ticket.SlaDueAt?.ToUniversalTime() ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        parameters.AddTyped(ticket.SlaRaised);
        parameters.AddTyped(ticket.Version);
        parameters.AddTyped(ticket.CreatedAt.ToUniversalTime());
        parameters.AddTyped(ticket.UpdatedAt.ToUniversalTime());
        parameters.Add(new NpgsqlParameter { Value = (object?)ticket.ResolvedAt?.ToUniversalTime() ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        parameters.AddTyped(ticket.WaitNoticeSent);
    }

    private static TicketSnapshot ReadTicket(NpgsqlDataReader reader)
    {
        var conversation = JsonSerializer.Deserialize(reader.GetString(10), TicketJsonContext.Default.ImmutableArrayTicketMessage);
        return new TicketSnapshot(
            reader.GetString(0), reader.GetString(1), reader.GetString(3), reader.GetString(4), reader.GetString(2),
            ParseReason(reader.GetString(5)), reader.GetString(6),
            Enum.Parse<TicketStatus>(reader.GetString(7), ignoreCase: true), Enum.Parse<TicketPriority>(reader.GetString(8), ignoreCase: true),
            reader.IsDBNull(9) ? null : reader.GetString(9),
            conversation.IsDefault ? [] : conversation,
            reader.GetFieldValue<DateTimeOffset>(14), reader.GetFieldValue<DateTimeOffset>(15),
            reader.IsDBNull(16) ? null : reader.GetFieldValue<DateTimeOffset>(16),
            reader.IsDBNull(11) ? null : reader.GetFieldValue<DateTimeOffset>(11),
            reader.GetBoolean(12), reader.GetInt64(13), reader.GetBoolean(17));
    }

    private static EscalationReason ParseReason(string wire) =>
        Enum.GetValues<EscalationReason>().First(r => EscalationReasons.ToWire(r) == wire);
}

/// <summary>A queued ticket change.</summary>
internal sealed record TicketSave(TicketSnapshot Ticket, long ExpectedVersion, IReadOnlyList<OutboundMessage> Messages);

/// <summary>A ticket's conversation as stored in <c>conversation_history</c>: <c>[{"author", "text", "at"}, ...]</c>.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(ImmutableArray<TicketMessage>))]
internal sealed partial class TicketJsonContext : JsonSerializerContext;
