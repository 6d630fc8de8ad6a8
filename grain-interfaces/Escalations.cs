using System.Collections.Immutable;

namespace Orchestrator.GrainInterfaces;

/// <summary>Why a conversation was handed to a person.</summary>
public enum EscalationReason
{
    /// <summary>The model's confidence was below the threshold.</summary>
    LowConfidence,
    /// <summary>The model's output broke the contract (after the repair attempt).</summary>
    InvalidLlmOutput,
    /// <summary>The user asked for a person.</summary>
    HumanRequested,
    /// <summary>The user complained.</summary>
    Complaint,
    /// <summary>The model could not be reached after the retries.</summary>
    LlmUnavailable,
    /// <summary>The user asked about information the tenant has not filled in.</summary>
    UnknownInfoType,
}

/// <summary>Ticket priority, lowest first.</summary>
public enum TicketPriority
{
    Low,
    Medium,
    High,
}

/// <summary>Ticket life cycle: open → assigned → resolved.</summary>
public enum TicketStatus
{
    Open,
    Assigned,
    Resolved,
}

/// <summary>The tenant grain's decision that a person must take over.</summary>
[GenerateSerializer, Immutable, Alias("orch.escalation-request")]
public sealed record EscalationRequest(EscalationReason Reason, TicketPriority Priority, string Detail);

/// <summary>Everything a new ticket starts with.</summary>
[GenerateSerializer, Immutable, Alias("orch.ticket-opening")]
public sealed record TicketOpening(
    string BusinessId,
    string Platform,
    string UserId,
    string SessionId,
    EscalationReason Reason,
    TicketPriority Priority,
    string Detail,
    string TriggerMessage,
    ImmutableArray<ConversationTurn> History,
    DateTimeOffset At);

/// <summary>A message in a ticket's conversation.</summary>
/// <param name="Author"><c>user</c>, <c>bot</c> or <c>agent:{name}</c>.</param>
[GenerateSerializer, Immutable, Alias("orch.ticket-message")]
public sealed record TicketMessage(string Author, string Text, DateTimeOffset At);

/// <summary>A ticket as the agent API sees it.</summary>
/// <param name="SlaDueAt">When an open ticket must have been claimed; after it, the priority is raised once.</param>
/// <param name="SlaRaised">True once the priority was raised for a missed claim deadline.</param>
/// <param name="Version">Incremented by every change (optimistic concurrency in the store).</param>
/// <param name="WaitNoticeSent">True once the user, writing while the ticket waits for a person, has been told that
/// one will answer: they are told once per wait (a reopened ticket waits anew).</param>
[GenerateSerializer, Immutable, Alias("orch.ticket-snapshot")]
public sealed record TicketSnapshot(
    string TicketId,
    string BusinessId,
    string Platform,
    string UserId,
    string SessionId,
    EscalationReason Reason,
    string Detail,
    TicketStatus Status,
    TicketPriority Priority,
    string? AssignedTo,
    ImmutableArray<TicketMessage> Conversation,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? ResolvedAt,
    DateTimeOffset? SlaDueAt,
    bool SlaRaised,
    long Version,
    bool WaitNoticeSent = false);

/// <summary>How an agent's command on a ticket ended.</summary>
public enum TicketCommandStatus
{
    Ok,
    NotFound,
    /// <summary>The ticket's state does not allow the command (e.g. another agent holds it, it is resolved).</summary>
    Conflict,
}

/// <summary>The outcome of an agent's command and the ticket after it.</summary>
[GenerateSerializer, Immutable, Alias("orch.ticket-command-result")]
public sealed record TicketCommandResult(TicketCommandStatus Status, TicketSnapshot? Ticket, string? Error)
{
    public static TicketCommandResult NotFound { get; } = new(TicketCommandStatus.NotFound, null, "No ticket has this id.");
}

/// <summary>A filter and page of the ticket list.</summary>
[GenerateSerializer, Immutable, Alias("orch.ticket-query")]
public sealed record TicketQuery(string? BusinessId, TicketStatus? Status, TicketPriority? Priority, int Offset, int Limit);

/// <summary>One line of the ticket list.</summary>
[GenerateSerializer, Immutable, Alias("orch.ticket-summary")]
public sealed record TicketSummary(
    string TicketId,
    string BusinessId,
    string Platform,
    string UserId,
    EscalationReason Reason,
    TicketStatus Status,
    TicketPriority Priority,
    string? AssignedTo,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>A page of tickets, newest first.</summary>
[GenerateSerializer, Immutable, Alias("orch.ticket-page")]
public sealed record TicketPage(ImmutableArray<TicketSummary> Items, int Offset, int Limit, int Total);
