using System.Collections.Immutable;
using Orchestrator.GrainInterfaces;

namespace Orchestrator.Grains.Escalations;

/// <summary>
/// The ticket life cycle as pure functions: open → assigned → resolved, reopen, user and agent messages, and the
/// claim deadline (SLA). Each transition returns the new ticket (version incremented) and the events it causes;
/// a transition the state does not allow returns <see cref="TicketCommandStatus.Conflict"/> and changes nothing.
/// </summary>
public sealed class TicketWorkflow(EscalationOptions options)
{
    public const string UserAuthor = "user";
    public const string BotAuthor = "bot";
    public const string SystemAuthor = "system";

    public static string AgentAuthor(string agent) => $"agent:{agent}";

    public TicketChange Open(string ticketId, TicketOpening opening)
    {
        var conversation = ImmutableArray.CreateBuilder<TicketMessage>(opening.History.Length * 2 + 1);
        foreach (var turn in opening.History)
        {
            if (turn.UserText.Length > 0)
            {
                conversation.Add(new TicketMessage(UserAuthor, turn.UserText, turn.At));
            }

            if (turn.BotText.Length > 0)
            {
                conversation.Add(new TicketMessage(BotAuthor, turn.BotText, turn.At));
            }
        }

        conversation.Add(new TicketMessage(UserAuthor, opening.TriggerMessage, opening.At));
        var ticket = new TicketSnapshot(
            ticketId, opening.BusinessId, opening.Platform, opening.UserId, opening.SessionId, opening.Reason, opening.Detail,
            TicketStatus.Open, opening.Priority, null, conversation.ToImmutable(), opening.At, opening.At, null,
            opening.At + options.Sla(opening.Priority), SlaRaised: false, Version: 1);
        return TicketChange.To(ticket, new TicketEvent(TicketEventKind.Opened, null));
    }

    /// <summary>
    /// A message the user wrote while the ticket has the conversation. While it waits for a person, the first such
    /// message is the one the user is told to wait at (<see cref="TicketSnapshot.WaitNoticeSent"/> turns true).
    /// </summary>
    public TicketChange AddUserMessage(TicketSnapshot ticket, string text, DateTimeOffset at) =>
        ticket.Status == TicketStatus.Resolved
            ? TicketChange.Unchanged(ticket)
            : TicketChange.To(Next(ticket, at) with
            {
                Conversation = ticket.Conversation.Add(new TicketMessage(UserAuthor, text, at)),
                WaitNoticeSent = ticket.WaitNoticeSent || ticket.Status == TicketStatus.Open,
            });

    /// <summary>Claiming is idempotent for the same agent; another agent's claim or a resolved ticket is a conflict.</summary>
    public TicketChange Assign(TicketSnapshot ticket, string agent, DateTimeOffset at) => ticket switch
    {
        { Status: TicketStatus.Resolved } => TicketChange.Conflict(ticket, "The ticket is resolved; reopen it first."),
        { Status: TicketStatus.Assigned } when ticket.AssignedTo == agent => TicketChange.Unchanged(ticket),
        { Status: TicketStatus.Assigned } => TicketChange.Conflict(ticket, $"The ticket is already assigned to {ticket.AssignedTo}."),
        _ => TicketChange.To(
            Next(ticket, at) with
            {
                Status = TicketStatus.Assigned,
                AssignedTo = agent,
                Conversation = ticket.Conversation.Add(new TicketMessage(SystemAuthor, $"{agent} took over the conversation.", at)),
            },
            new TicketEvent(TicketEventKind.Assigned, null)),
    };

    /// <summary>An agent's answer; answering an open ticket claims it.</summary>
    public TicketChange Reply(TicketSnapshot ticket, string agent, string text, DateTimeOffset at)
    {
        if (ticket.Status == TicketStatus.Resolved)
        {
            return TicketChange.Conflict(ticket, "The ticket is resolved; reopen it to write to the user.");
        }

        if (ticket.Status == TicketStatus.Assigned && ticket.AssignedTo != agent)
        {
            return TicketChange.Conflict(ticket, $"The ticket is assigned to {ticket.AssignedTo}.");
        }

        var events = ImmutableArray.CreateBuilder<TicketEvent>();
        if (ticket.Status == TicketStatus.Open)
        {
            events.Add(new TicketEvent(TicketEventKind.Assigned, null));
        }

        events.Add(new TicketEvent(TicketEventKind.AgentReply, text));
        var next = Next(ticket, at) with
        {
            Status = TicketStatus.Assigned,
            AssignedTo = agent,
            Conversation = ticket.Conversation.Add(new TicketMessage(AgentAuthor(agent), text, at)),
        };
        return new TicketChange(TicketCommandStatus.Ok, next, null, events.ToImmutable(), Changed: true);
    }

    /// <summary>Resolving a resolved ticket is a no-op (an agent's double click must not notify the user twice).</summary>
    public TicketChange Resolve(TicketSnapshot ticket, string agent, string? note, DateTimeOffset at)
    {
        if (ticket.Status == TicketStatus.Resolved)
        {
            return TicketChange.Unchanged(ticket);
        }

        var text = string.IsNullOrWhiteSpace(note) ? $"{agent} resolved the conversation." : $"{agent} resolved the conversation: {note.Trim()}";
        var next = Next(ticket, at) with
        {
            Status = TicketStatus.Resolved,
            AssignedTo = ticket.AssignedTo ?? agent,
            ResolvedAt = at,
            Conversation = ticket.Conversation.Add(new TicketMessage(SystemAuthor, text, at)),
        };
        return options.NotifyUserOnResolve
            ? TicketChange.To(next, new TicketEvent(TicketEventKind.Resolved, null))
            : TicketChange.To(next, new TicketEvent(TicketEventKind.Resolved, null) with { NotifyUser = false });
    }

    /// <summary>Only a resolved ticket can be reopened; it waits for a person again with a new claim deadline.</summary>
    public TicketChange Reopen(TicketSnapshot ticket, string agent, string? reason, DateTimeOffset at)
    {
        if (ticket.Status != TicketStatus.Resolved)
        {
            return TicketChange.Conflict(ticket, "Only a resolved ticket can be reopened.");
        }

        var text = string.IsNullOrWhiteSpace(reason) ? $"{agent} reopened the conversation." : $"{agent} reopened the conversation: {reason.Trim()}";
        return TicketChange.To(
            Next(ticket, at) with
            {
                Status = TicketStatus.Open,
                AssignedTo = null,
                ResolvedAt = null,
                SlaDueAt = at + options.Sla(ticket.Priority),
                SlaRaised = false,
                WaitNoticeSent = false,
                Conversation = ticket.Conversation.Add(new TicketMessage(SystemAuthor, text, at)),
            },
            new TicketEvent(TicketEventKind.Reopened, null));
    }

    /// <summary>An open ticket past its claim deadline gets one priority level more (once) and is notified again.</summary>
    public TicketChange CheckSla(TicketSnapshot ticket, DateTimeOffset now)
    {
        if (ticket.Status != TicketStatus.Open || ticket.SlaRaised || ticket.SlaDueAt is not { } due || now < due)
        {
            return TicketChange.Unchanged(ticket);
        }

        var raised = ticket.Priority == TicketPriority.High ? TicketPriority.High : ticket.Priority + 1;
        return TicketChange.To(
            Next(ticket, now) with
            {
                Priority = raised,
                SlaRaised = true,
                Conversation = ticket.Conversation.Add(new TicketMessage(SystemAuthor, $"Not claimed within the deadline; priority is now {raised.ToString().ToLowerInvariant()}.", now)),
            },
            new TicketEvent(TicketEventKind.PriorityRaised, null));
    }

    private static TicketSnapshot Next(TicketSnapshot ticket, DateTimeOffset at) =>
        ticket with { Version = ticket.Version + 1, UpdatedAt = at };
}

/// <summary>What a ticket transition did.</summary>
public sealed record TicketChange(TicketCommandStatus Status, TicketSnapshot Ticket, string? Error, ImmutableArray<TicketEvent> Events, bool Changed)
{
    public static TicketChange To(TicketSnapshot ticket, params TicketEvent[] events) => new(TicketCommandStatus.Ok, ticket, null, [.. events], true);

    public static TicketChange Unchanged(TicketSnapshot ticket) => new(TicketCommandStatus.Ok, ticket, null, [], false);

    public static TicketChange Conflict(TicketSnapshot ticket, string error) => new(TicketCommandStatus.Conflict, ticket, error, [], false);
}

/// <summary>Something about a ticket that someone must be told.</summary>
/// <param name="Text">For an agent reply, what the agent wrote.</param>
/// <param name="NotifyUser">For a resolution: whether the user is told through their channel.</param>
public sealed record TicketEvent(TicketEventKind Kind, string? Text, bool NotifyUser = true);

public enum TicketEventKind
{
    /// <summary>A new ticket: staff are notified.</summary>
    Opened,
    /// <summary>Not claimed in time: staff are notified again.</summary>
    PriorityRaised,
    Assigned,
    /// <summary>An agent wrote to the user: sent through the user's channel.</summary>
    AgentReply,
    /// <summary>The conversation returns to the bot: the user may be told.</summary>
    Resolved,
    Reopened,
}
