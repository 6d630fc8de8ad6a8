using Orleans.Concurrency;

namespace Orchestrator.GrainInterfaces;

/// <summary>
/// One user's conversation with one tenant on one platform, keyed by <see cref="GrainKeys.Session"/>.
/// Owns the session id, the recent history, the handoff state and the recently seen platform message ids.
/// </summary>
[Alias("orch.session")]
public interface ISessionGrain : IGrainWithStringKey
{
    /// <summary>
    /// Answers a user's message. Returns only after the interaction is durably recorded; a redelivered message
    /// (same platform message id) gets the first answer again and is not recorded twice.
    /// </summary>
    [Alias("handle")]
    Task<MessageOutcome> Handle(IncomingMessage message);

    /// <summary>The session's current state.</summary>
    [Alias("snapshot")]
    Task<SessionSnapshot> GetSnapshot();

    /// <summary>
    /// The session's ticket changed (claimed, resolved, reopened, answered by an agent). One-way: the ticket grain
    /// does not wait, so a session asking its ticket at the same moment cannot deadlock with it. The ticket stays
    /// the source of truth: each user message asks it again.
    /// </summary>
    [Alias("ticket-changed"), OneWay]
    Task TicketChanged(TicketSnapshot ticket, string? agentReply);
}
