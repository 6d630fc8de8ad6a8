using System.Collections.Immutable;
using Orchestrator.GrainInterfaces;
using Orchestrator.Grains.Escalations.Notifications;

namespace Orchestrator.Grains.Escalations;

/// <summary>The embedded-mode ticket store and outbox: in memory, one lock, so a save and its messages are atomic.</summary>
public sealed class InMemoryTicketStore : ITicketStore, INotificationOutbox
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, TicketSnapshot> _tickets = new(StringComparer.Ordinal);
    private readonly Dictionary<(string BusinessId, string Platform, string UserId), List<string>> _conversations = [];
    private readonly Dictionary<Guid, Entry> _outbox = [];

    public Task<TicketSnapshot?> LoadAsync(string ticketId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_tickets.GetValueOrDefault(ticketId));
        }
    }

    public Task<bool> SaveAsync(TicketSnapshot ticket, long expectedVersion, IReadOnlyList<OutboundMessage> messages, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var current = _tickets.GetValueOrDefault(ticket.TicketId)?.Version ?? 0;
            if (current != expectedVersion)
            {
                return Task.FromResult(false);
            }

            _tickets[ticket.TicketId] = ticket;
            if (expectedVersion == 0)
            {
                var conversation = (ticket.BusinessId, ticket.Platform, ticket.UserId);
                if (!_conversations.TryGetValue(conversation, out var ids))
                {
                    _conversations[conversation] = ids = [];
                }

                ids.Add(ticket.TicketId);
            }

            foreach (var message in messages)
            {
                _outbox[message.Id] = new Entry(message) { NextAttemptAt = message.CreatedAt };
            }

            return Task.FromResult(true);
        }
    }

    public Task<TicketPage> ListAsync(TicketQuery query, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var matching = _tickets.Values
                .Where(t => (query.BusinessId is null || t.BusinessId == query.BusinessId)
                    && (query.Status is null || t.Status == query.Status)
                    && (query.Priority is null || t.Priority == query.Priority))
                .OrderByDescending(t => t.CreatedAt)
                .ThenBy(t => t.TicketId, StringComparer.Ordinal)
                .ToList();
            var items = matching.Skip(query.Offset).Take(query.Limit)
                .Select(t => new TicketSummary(t.TicketId, t.BusinessId, t.Platform, t.UserId, t.Reason, t.Status, t.Priority, t.AssignedTo, t.CreatedAt, t.UpdatedAt))
                .ToImmutableArray();
            return Task.FromResult(new TicketPage(items, query.Offset, query.Limit, matching.Count));
        }
    }

    public Task<ConversationTickets> ForConversationAsync(string businessId, string platform, string userId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_conversations.TryGetValue((businessId, platform, userId), out var ids))
            {
                return Task.FromResult(ConversationTickets.None);
            }

            var latest = ids.Select(id => _tickets[id]).MaxBy(t => (t.CreatedAt, t.TicketId))!;
            return Task.FromResult(ConversationTickets.Latest(latest, ids.Count));
        }
    }

    public Task<IReadOnlyList<string>> DueForSlaAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            IReadOnlyList<string> due = [.. _tickets.Values
                .Where(t => t.Status == TicketStatus.Open && !t.SlaRaised && t.SlaDueAt <= now)
                .OrderBy(t => t.SlaDueAt)
                .Take(limit)
                .Select(t => t.TicketId)];
            return Task.FromResult(due);
        }
    }

    public Task<int> EnqueueAsync(IReadOnlyList<OutboundMessage> messages, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var added = 0;
            foreach (var message in messages)
            {
                if (_outbox.TryAdd(message.Id, new Entry(message) { NextAttemptAt = message.CreatedAt }))
                {
                    added++;
                }
            }

            return Task.FromResult(added);
        }
    }

    public Task<IReadOnlyList<OutboxItem>> ClaimAsync(int max, TimeSpan lease, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var claimed = _outbox.Values
                .Where(e => e.State == OutboxState.Pending && e.NextAttemptAt <= now && e.LeasedUntil <= now)
                .OrderBy(e => e.NextAttemptAt)
                .Take(max)
                .ToList();
            foreach (var entry in claimed)
            {
                entry.LeasedUntil = now + lease;
            }

            IReadOnlyList<OutboxItem> items = [.. claimed.Select(e => new OutboxItem(e.Message, e.Attempts))];
            return Task.FromResult(items);
        }
    }

    public Task CompleteAsync(Guid id, DateTimeOffset at, CancellationToken cancellationToken) => Update(id, e => e.State = OutboxState.Delivered);

    public Task SkipAsync(Guid id, string reason, DateTimeOffset at, CancellationToken cancellationToken) => Update(id, e =>
    {
        e.State = OutboxState.Skipped;
        e.LastError = reason;
    });

    public Task RetryAsync(Guid id, DateTimeOffset nextAttempt, string error, CancellationToken cancellationToken) => Update(id, e =>
    {
        e.Attempts++;
        e.NextAttemptAt = nextAttempt;
        e.LeasedUntil = DateTimeOffset.MinValue;
        e.LastError = error;
    });

    public Task FailAsync(Guid id, string error, DateTimeOffset at, CancellationToken cancellationToken) => Update(id, e =>
    {
        e.Attempts++;
        e.State = OutboxState.Failed;
        e.LastError = error;
    });

    public Task<NotificationStatistics> StatisticsAsync(string businessId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var entries = _outbox.Values.Where(e => e.Message.BusinessId == businessId && e.Message.Channel != Channels.Inbound).ToList();
            return Task.FromResult(new NotificationStatistics(
                entries.Count(e => e.State == OutboxState.Pending),
                entries.Count(e => e.State == OutboxState.Delivered),
                entries.Count(e => e.State == OutboxState.Failed),
                entries.Count(e => e.State == OutboxState.Skipped)));
        }
    }

    private Task Update(Guid id, Action<Entry> change)
    {
        lock (_lock)
        {
            if (_outbox.TryGetValue(id, out var entry))
            {
                change(entry);
            }
        }

        return Task.CompletedTask;
    }

    private enum OutboxState
    {
        Pending,
        Delivered,
        Failed,
        Skipped,
    }

    private sealed class Entry(OutboundMessage message)
    {
        public OutboundMessage Message { get; } = message;

        public OutboxState State { get; set; }

        public int Attempts { get; set; }

        public DateTimeOffset NextAttemptAt { get; set; }

        public DateTimeOffset LeasedUntil { get; set; } = DateTimeOffset.MinValue;

        public string? LastError { get; set; }
    }
}
