using System.Collections.Immutable;
using Orchestrator.GrainInterfaces;
using Orchestrator.Grains.Sessions;

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
    /// <remarks>
    /// The session records the message as an interaction of this ticket before the user is answered, so a change
    /// that only appends it need not be saved on its own (<see cref="TicketChange.Deferrable"/>): it is saved with
    /// the ticket's next change, and <see cref="WithRecordedUserMessages"/> takes it back from the interactions if
    /// the ticket's activation ended before that. Telling the user to wait is saved at once: the session reads it
    /// from the store when it is activated again.
    /// </remarks>
    public TicketChange AddUserMessage(TicketSnapshot ticket, string text, DateTimeOffset at)
    {
        if (ticket.Status == TicketStatus.Resolved)
        {
            return TicketChange.Unchanged(ticket);
        }

        var told = ticket.WaitNoticeSent || ticket.Status == TicketStatus.Open;
        return TicketChange.To(Next(ticket, at) with
        {
            Conversation = ticket.Conversation.Add(new TicketMessage(UserAuthor, text, at)),
            WaitNoticeSent = told,
        }) with { Deferrable = told == ticket.WaitNoticeSent };
    }

    /// <summary>
    /// The ticket as last saved, with the user messages it took after that and did not save (see
    /// <see cref="AddUserMessage"/>) taken back from the conversation's interactions of this ticket, oldest first.
    /// A recorded message already in the conversation (same text, same moment to the microsecond the database
    /// keeps), and a redelivery of the message that opened the ticket, are not added again. The version counts the
    /// messages taken back, as their changes did.
    /// </summary>
    /// <param name="sessionKey">The conversation's session grain key (ticket ids derive from it).</param>
    public static TicketSnapshot WithRecordedUserMessages(TicketSnapshot saved, string sessionKey, IEnumerable<InteractionRecord> recorded)
    {
        if (saved.Status == TicketStatus.Resolved)
        {
            return saved; // resolving saved every message it had; a resolved ticket takes no more
        }

        var known = new HashSet<(string Text, long Microseconds)>();
        foreach (var message in saved.Conversation)
        {
            if (message.Author == UserAuthor)
            {
                known.Add((message.Text, Microseconds(message.At)));
            }
        }

        var added = ImmutableArray.CreateBuilder<TicketMessage>();
        foreach (var record in recorded.Where(r => r.TicketId == saved.TicketId).OrderBy(r => r.CreatedAt).ThenBy(r => r.Id))
        {
            var opening = record.PlatformMessageId is { } messageId && TicketIds.For(sessionKey, messageId) == saved.TicketId;
            if (!opening && known.Add((record.UserMessage, Microseconds(record.CreatedAt))))
            {
                added.Add(new TicketMessage(UserAuthor, record.UserMessage, record.CreatedAt));
            }
        }

        return added.Count == 0
            ? saved
            : saved with
            {
                Conversation = saved.Conversation.AddRange(added),
                UpdatedAt = added[^1].At > saved.UpdatedAt ? added[^1].At : saved.UpdatedAt,
                Version = saved.Version + added.Count,
            };
    }

    private static long Microseconds(DateTimeOffset at) => at.UtcTicks / 10;

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
    /// <summary>
    /// True when the change only adds what is durable elsewhere (a user message, recorded as an interaction): it may
    /// be saved with the ticket's next change instead of on its own.
    /// </summary>
    public bool Deferrable { get; init; }

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
