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

    /// <summary>
    /// Appends a message the user wrote while the ticket was open or assigned; returns the ticket so the session
    /// knows who answers (a resolved ticket takes no messages and is returned unchanged).
    /// </summary>
    [Alias("add-user-message")]
    Task<TicketSnapshot?> AddUserMessage(string text, DateTimeOffset at);

    /// <summary>An agent claims the ticket: from then on the bot is silent in the conversation.</summary>
    [Alias("assign")]
    Task<TicketCommandResult> Assign(string agent);

    /// <summary>An agent answers the user: recorded in the ticket and sent through the user's channel.</summary>
    [Alias("reply")]
    Task<TicketCommandResult> Reply(string agent, string text);

    /// <summary>Closes the ticket; the conversation returns to the bot.</summary>
    [Alias("resolve")]
    Task<TicketCommandResult> Resolve(string agent, string? note);

    /// <summary>Opens a resolved ticket again; the conversation goes back to waiting for a person (the same ticket).</summary>
    [Alias("reopen")]
    Task<TicketCommandResult> Reopen(string agent, string? reason);

    /// <summary>Raises the priority once and notifies again when the ticket is still unclaimed after its deadline.</summary>
    [Alias("check-sla")]
    Task<bool> CheckSla();
}

/// <summary>Lists tickets from the store. Stateless: any silo answers.</summary>
[Alias("orch.ticket-directory")]
public interface ITicketDirectoryGrain : IGrainWithIntegerKey
{
    [Alias("list")]
    Task<TicketPage> List(TicketQuery query);
}
