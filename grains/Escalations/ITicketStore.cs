using Orchestrator.GrainInterfaces;
using Orchestrator.Grains.Escalations.Notifications;

namespace Orchestrator.Grains.Escalations;

/// <summary>
/// Tickets (<c>escalation_tickets</c>) and their notification outbox. A ticket change and the notifications it
/// causes are saved in one transaction.
/// </summary>
public interface ITicketStore
{
    Task<TicketSnapshot?> LoadAsync(string ticketId, CancellationToken cancellationToken);

    /// <summary>
    /// Saves the ticket if the stored version is <paramref name="expectedVersion"/> (0: the ticket must not exist)
    /// and enqueues the messages, atomically. False when another writer got there first.
    /// </summary>
    Task<bool> SaveAsync(TicketSnapshot ticket, long expectedVersion, IReadOnlyList<OutboundMessage> messages, CancellationToken cancellationToken);

    Task<TicketPage> ListAsync(TicketQuery query, CancellationToken cancellationToken);

    /// <summary>A conversation's latest ticket and how many it has had: what its session derives who answers from.</summary>
    Task<ConversationTickets> ForConversationAsync(string businessId, string platform, string userId, CancellationToken cancellationToken);

    /// <summary>Open tickets past their claim deadline whose priority has not been raised yet.</summary>
    Task<IReadOnlyList<string>> DueForSlaAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken);
}

/// <summary>A conversation's latest ticket (none: <see cref="None"/>) and the number of tickets it has had.</summary>
public sealed record ConversationTickets(string? LatestTicketId, TicketStatus LatestStatus, bool WaitNoticeSent, int Count)
{
    public static readonly ConversationTickets None = new(null, TicketStatus.Resolved, false, 0);

    public static ConversationTickets Latest(TicketSnapshot ticket, int count) => new(ticket.TicketId, ticket.Status, ticket.WaitNoticeSent, count);
}

/// <summary>The delivery side of the outbox, used by the dispatchers of every silo.</summary>
public interface INotificationOutbox
{
    /// <summary>Takes up to <paramref name="max"/> due messages for <paramref name="lease"/>; a silo that dies while
    /// delivering loses the lease and another silo delivers (at least once).</summary>
    Task<IReadOnlyList<OutboxItem>> ClaimAsync(int max, TimeSpan lease, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Adds messages that belong to no ticket change (a platform's incoming message, the bot's reply to it). Ids are
    /// chosen by the caller from what the message is, so adding the same message again adds nothing: returns how many
    /// were new.
    /// </summary>
    Task<int> EnqueueAsync(IReadOnlyList<OutboundMessage> messages, CancellationToken cancellationToken);

    Task CompleteAsync(Guid id, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Delivered nowhere on purpose (the channel is not configured for this tenant or platform).</summary>
    Task SkipAsync(Guid id, string reason, DateTimeOffset at, CancellationToken cancellationToken);

    Task RetryAsync(Guid id, DateTimeOffset nextAttempt, string error, CancellationToken cancellationToken);

    Task FailAsync(Guid id, string error, DateTimeOffset at, CancellationToken cancellationToken);

    Task<NotificationStatistics> StatisticsAsync(string businessId, CancellationToken cancellationToken);
}
