using Orchestrator.GrainInterfaces;

namespace Orchestrator.Grains.Sessions;

/// <summary>
/// The durable record of answered messages (<c>interactions</c>). Invariant 1 rests on it: a webhook call is answered
/// only after <see cref="RecordAsync"/> has returned, and it returns only once the record is committed.
/// </summary>
public interface IInteractionStore
{
    /// <summary>
    /// Records an interaction durably. When the same platform message (tenant, platform, user, platform message id)
    /// was recorded before, nothing is written and the earlier record is returned with <c>Inserted = false</c>.
    /// </summary>
    ValueTask<RecordOutcome> RecordAsync(InteractionRecord record, CancellationToken cancellationToken);

    /// <summary>The most recent interactions of one user with one tenant on one platform, newest first.</summary>
    Task<IReadOnlyList<InteractionRecord>> RecentAsync(
        string businessId, string platform, string userId, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// The conversation's interactions recorded as part of one ticket (the message that opened it and those the user
    /// wrote while it had the conversation) at or after <paramref name="since"/>, oldest first: what a ticket takes
    /// back of the user messages it did not save.
    /// </summary>
    Task<IReadOnlyList<InteractionRecord>> ForTicketAsync(
        string businessId, string platform, string userId, string ticketId, DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>A tenant's conversation statistics.</summary>
    Task<BusinessStatistics> StatisticsAsync(string businessId, CancellationToken cancellationToken);

    /// <summary>Forgets a deleted tenant's statistics (its records may be kept for audit).</summary>
    Task ForgetBusinessAsync(string businessId, CancellationToken cancellationToken);
}
