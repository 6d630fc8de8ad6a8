using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Orchestrator.GrainInterfaces;

namespace Orchestrator.Grains.Escalations;

/// <summary>One escalation ticket. Its state is the ticket itself, persisted on every change.</summary>
public sealed partial class EscalationTicketGrain(
    [PersistentState("ticket", StorageNames.Tickets)] IPersistentState<TicketState> state,
    TimeProvider time,
    ILogger<EscalationTicketGrain> logger) : Grain, IEscalationTicketGrain
{
    public async Task<TicketSnapshot> Open(TicketOpening opening)
    {
        if (state.State.Ticket is { } existing)
        {
            return existing;
        }

        var conversation = ImmutableArray.CreateBuilder<TicketMessage>(opening.History.Length * 2 + 1);
        foreach (var turn in opening.History)
        {
            conversation.Add(new TicketMessage("user", turn.UserText, turn.At));
            if (turn.BotText.Length > 0)
            {
                conversation.Add(new TicketMessage("bot", turn.BotText, turn.At));
            }
        }

        conversation.Add(new TicketMessage("user", opening.TriggerMessage, opening.At));
        var ticket = new TicketSnapshot(
            this.GetPrimaryKeyString(), opening.BusinessId, opening.Platform, opening.UserId, opening.SessionId,
            opening.Reason, opening.Detail, TicketStatus.Open, opening.Priority, null, conversation.ToImmutable(),
            opening.At, opening.At, null);
        state.State.Ticket = ticket;
        await state.WriteStateAsync();
        LogOpened(logger, ticket.TicketId, ticket.BusinessId, ticket.Reason, ticket.Priority);
        return ticket;
    }

    public Task<TicketSnapshot?> Get()
    {
        if (state.State.Ticket is null)
        {
            DeactivateOnIdle();
        }

        return Task.FromResult(state.State.Ticket);
    }

    public async Task<TicketSnapshot?> AddUserMessage(string text, DateTimeOffset at)
    {
        if (state.State.Ticket is not { } ticket)
        {
            return null;
        }

        if (ticket.Status == TicketStatus.Resolved)
        {
            return ticket;
        }

        var updated = ticket with
        {
            Conversation = ticket.Conversation.Add(new TicketMessage("user", text, at)),
            UpdatedAt = time.GetUtcNow(),
        };
        state.State.Ticket = updated;
        await state.WriteStateAsync();
        return updated;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Ticket {TicketId} opened for {BusinessId}: {Reason}, priority {Priority}")]
    private static partial void LogOpened(ILogger logger, string ticketId, string businessId, EscalationReason reason, TicketPriority priority);
}

/// <summary>The persisted state of a ticket grain.</summary>
[GenerateSerializer, Alias("orch.ticket-state")]
public sealed class TicketState
{
    [Id(0)] public TicketSnapshot? Ticket { get; set; }
}
