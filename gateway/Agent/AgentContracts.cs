using Orchestrator.GrainInterfaces;
using Orchestrator.Grains.Escalations;

namespace Orchestrator.Gateway.Agent;

/// <summary>Claims a ticket for an agent (mutes the bot for the conversation).</summary>
public sealed record AssignTicketRequest(string? Agent);

/// <summary>A reply an agent writes to the user; recorded on the ticket and handed to the user's channel.</summary>
public sealed record ReplyTicketRequest(string? Agent, string? Text);

/// <summary>Resolves a ticket (the conversation returns to the bot), with an optional note.</summary>
public sealed record ResolveTicketRequest(string? Agent, string? Note);

/// <summary>Reopens a resolved ticket, with an optional reason.</summary>
public sealed record ReopenTicketRequest(string? Agent, string? Reason);

public sealed record TicketMessageResponse(string Author, string Text, DateTimeOffset At);

/// <summary>A ticket with its conversation: the original design's escalation_tickets row and the workflow fields.</summary>
public sealed record TicketResponse(
    string TicketId,
    string IsletmeId,
    string Platform,
    string UserId,
    string SessionId,
    string EscalationReason,
    string Detail,
    string Status,
    string Priority,
    string? AssignedTo,
    TicketMessageResponse[] ConversationHistory,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? ResolvedAt,
    DateTimeOffset? SlaDueAt,
    bool SlaRaised,
    long Version)
{
    public static TicketResponse From(TicketSnapshot ticket) => new(
        ticket.TicketId, ticket.BusinessId, ticket.Platform, ticket.UserId, ticket.SessionId,
        TicketNames.Reason(ticket.Reason), ticket.Detail, TicketNames.Status(ticket.Status), TicketNames.Priority(ticket.Priority),
        ticket.AssignedTo, [.. ticket.Conversation.Select(m => new TicketMessageResponse(m.Author, m.Text, m.At))],
        ticket.CreatedAt, ticket.UpdatedAt, ticket.ResolvedAt, ticket.SlaDueAt, ticket.SlaRaised, ticket.Version);
}

public sealed record TicketSummaryResponse(
    string TicketId,
    string IsletmeId,
    string Platform,
    string UserId,
    string EscalationReason,
    string Status,
    string Priority,
    string? AssignedTo,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static TicketSummaryResponse From(TicketSummary ticket) => new(
        ticket.TicketId, ticket.BusinessId, ticket.Platform, ticket.UserId, TicketNames.Reason(ticket.Reason),
        TicketNames.Status(ticket.Status), TicketNames.Priority(ticket.Priority), ticket.AssignedTo, ticket.CreatedAt, ticket.UpdatedAt);
}

public sealed record TicketListResponse(TicketSummaryResponse[] Items, int Offset, int Limit, int Total);
