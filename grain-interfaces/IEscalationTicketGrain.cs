namespace Orchestrator.GrainInterfaces;

/// <summary>One escalation ticket, keyed by its human-readable ticket id.</summary>
[Alias("orch.ticket")]
public interface IEscalationTicketGrain : IGrainWithStringKey
{
    /// <summary>
    /// Opens the ticket. Idempotent: opening a ticket that already exists returns it unchanged, so a retried
    /// delivery never creates a second ticket.
    /// </summary>
    [Alias("open")]
    Task<TicketSnapshot> Open(TicketOpening opening);

    /// <summary>The ticket, or null when no ticket has this id.</summary>
    [Alias("get")]
    Task<TicketSnapshot?> Get();

    /// <summary>Appends a message the user wrote while the ticket was open.</summary>
    [Alias("add-user-message")]
    Task<TicketSnapshot?> AddUserMessage(string text, DateTimeOffset at);
}
