using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orchestrator.GrainInterfaces;
using Orchestrator.Grains.Escalations.Notifications;
using Orchestrator.Grains.Integrations;
using Orchestrator.Grains.Sessions;

namespace Orchestrator.Grains.Escalations;

/// <summary>
/// One escalation ticket. Transitions are decided by <see cref="TicketWorkflow"/>; each change is saved with the
/// notifications it causes in one transaction (<see cref="ITicketStore"/>), then the dispatchers are woken and the
/// session is told (one-way) who answers now. A user message that changes nothing else is kept in memory and saved
/// with the next change or at deactivation: the session records it as an interaction of this ticket before the user
/// is answered, and an activation takes back from there what was not saved.
/// </summary>
public sealed partial class EscalationTicketGrain(
    ITicketStore store,
    IInteractionStore interactions,
    IIntegrationStore integrations,
    UserMessageNotifier users,
    TicketWorkflow workflow,
    IOptions<NotificationOptions> notifications,
    NotificationSignal signal,
    TimeProvider time,
    ILogger<EscalationTicketGrain> logger) : Grain, IEscalationTicketGrain
{
    /// <summary>
    /// Interactions are stamped by the clock of the silo their session runs on; a session that moved to another silo
    /// after the ticket opened may stamp a little earlier than the ticket's opening. Rows this much older are read too.
    /// </summary>
    private static readonly TimeSpan ClockMargin = TimeSpan.FromMinutes(5);

    private TicketSnapshot? _ticket;

    /// <summary>The version of the ticket in the store (0: not saved yet); the ticket here may be ahead of it.</summary>
    private long _savedVersion;

    private bool _loaded;

    private string TicketId => this.GetPrimaryKeyString();

    private bool Unsaved => _ticket is { } ticket && ticket.Version != _savedVersion;

    /// <summary>
    /// Reads the ticket on first use rather than on activation: most activations are the opening of a new ticket,
    /// which needs no read (its insert finds out whether the ticket existed).
    /// </summary>
    private async ValueTask<TicketSnapshot?> LoadedAsync()
    {
        if (_loaded)
        {
            return _ticket;
        }

        var saved = await store.LoadAsync(TicketId, CancellationToken.None);
        _savedVersion = saved?.Version ?? 0;
        if (saved is not null && saved.Status != TicketStatus.Resolved)
        {
            var recorded = await interactions.ForTicketAsync(
                saved.BusinessId, saved.Platform, saved.UserId, TicketId, saved.CreatedAt - ClockMargin, CancellationToken.None);
            saved = TicketWorkflow.WithRecordedUserMessages(saved, GrainKeys.Session(saved.BusinessId, saved.Platform, saved.UserId), recorded);
        }

        _ticket = saved;
        _loaded = true;
        return _ticket;
    }

    /// <summary>Reads the ticket again: another writer has saved a version this activation does not have.</summary>
    private ValueTask<TicketSnapshot?> ReloadAsync()
    {
        _loaded = false;
        return LoadedAsync();
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (!Unsaved)
        {
            return;
        }

        try
        {
            if (!await SaveAsync(TicketChange.To(_ticket!)))
            {
                // Another activation wrote the ticket meanwhile (a membership change); its version stands.
                LogDeferredSaveStale(logger, TicketId);
            }
        }
        catch (Exception exception)
        {
            // Nothing is lost: the messages are recorded as interactions, and the next activation takes them back.
            LogDeferredSaveFailed(logger, exception, TicketId);
        }
    }

    public async Task<TicketSnapshot> Open(TicketOpening opening)
    {
        if (_loaded && _ticket is { } existing)
        {
            return existing;
        }

        // Not read yet, or read and absent: the insert (expected version 0) writes nothing if the ticket exists.
        var change = workflow.Open(TicketId, opening);
        if (!await SaveAsync(change))
        {
            // Opened before (a redelivery of the message that opened it), perhaps by another activation of this ticket
            // racing across silos: the stored ticket stands.
            return (await ReloadAsync())!;
        }

        _loaded = true;
        LogOpened(logger, TicketId, opening.BusinessId, opening.Reason, opening.Priority);
        return _ticket!;
    }

    public async Task<TicketSnapshot?> Get()
    {
        if (await LoadedAsync() is null)
        {
            DeactivateOnIdle();
        }

        return _ticket;
    }

    public async Task<TicketSnapshot?> AddUserMessage(string text, DateTimeOffset at)
    {
        if (await LoadedAsync() is not { } ticket)
        {
            return null;
        }

        var change = workflow.AddUserMessage(ticket, text, at);
        if (change.Deferrable)
        {
            _ticket = change.Ticket;
        }
        else
        {
            await SaveOrThrowAsync(change);
        }

        return _ticket;
    }

    public Task<TicketCommandResult> Assign(string agent) => CommandAsync(ticket => workflow.Assign(ticket, agent, time.GetUtcNow()), null);

    public Task<TicketCommandResult> Reply(string agent, string text) => CommandAsync(ticket => workflow.Reply(ticket, agent, text, time.GetUtcNow()), text);

    public Task<TicketCommandResult> Resolve(string agent, string? note) => CommandAsync(ticket => workflow.Resolve(ticket, agent, note, time.GetUtcNow()), null);

    public Task<TicketCommandResult> Reopen(string agent, string? reason) => CommandAsync(ticket => workflow.Reopen(ticket, agent, reason, time.GetUtcNow()), null);

    public async Task<bool> CheckSla()
    {
        if (await LoadedAsync() is not { } ticket)
        {
            DeactivateOnIdle();
            return false;
        }

        var change = workflow.CheckSla(ticket, time.GetUtcNow());
        if (!change.Changed)
        {
            return false;
        }

        await SaveOrThrowAsync(change);
        LogRaised(logger, TicketId, change.Ticket.Priority);
        return true;
    }

    private async Task<TicketCommandResult> CommandAsync(Func<TicketSnapshot, TicketChange> transition, string? agentReply)
    {
        if (await LoadedAsync() is not { } ticket)
        {
            DeactivateOnIdle();
            return TicketCommandResult.NotFound;
        }

        var change = transition(ticket);
        if (change.Status != TicketCommandStatus.Ok)
        {
            return new TicketCommandResult(change.Status, ticket, change.Error);
        }

        if (change.Changed)
        {
            await SaveOrThrowAsync(change);

            // One-way: the session may at this moment be waiting on this grain (AddUserMessage); a two-way call
            // back would deadlock. The session also re-reads the ticket on every user message.
            _ = GrainFactory.GetSession(change.Ticket.BusinessId, change.Ticket.Platform, change.Ticket.UserId)
                .TicketChanged(change.Ticket, agentReply);
        }

        return new TicketCommandResult(TicketCommandStatus.Ok, _ticket, null);
    }

    private async Task SaveOrThrowAsync(TicketChange change)
    {
        if (!await SaveAsync(change))
        {
            // Another activation changed the ticket (only during a cluster membership change): take its version
            // and let the caller retry rather than overwrite it.
            await ReloadAsync();
            throw new InvalidOperationException($"Ticket {TicketId} was changed concurrently; retry the request.");
        }
    }

    private async Task<bool> SaveAsync(TicketChange change)
    {
        if (!change.Changed)
        {
            return true;
        }

        var now = time.GetUtcNow();
        var needsStaff = change.Events.Any(e => e.Kind is TicketEventKind.Opened or TicketEventKind.PriorityRaised);
        var hasWebhook = needsStaff && await integrations.GetAsync(change.Ticket.BusinessId, IntegrationKinds.EscalationWebhook, CancellationToken.None) is not null;
        var messages = NotificationPlanner.Plan(change, notifications.Value, hasWebhook, now);
        if (messages.Exists(m => m.Channel == Channels.User)
            && !await users.CanReachAsync(change.Ticket.BusinessId, change.Ticket.Platform, CancellationToken.None))
        {
            // Nothing can carry them (web, api, or no integration for the platform): the reply stays in the ticket.
            messages.RemoveAll(m => m.Channel == Channels.User);
        }

        if (!await store.SaveAsync(change.Ticket, _savedVersion, messages, CancellationToken.None))
        {
            return false;
        }

        _ticket = change.Ticket;
        _savedVersion = change.Ticket.Version;
        if (messages.Count > 0)
        {
            signal.Notify();
        }

        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Ticket {TicketId} opened for {BusinessId}: {Reason}, priority {Priority}")]
    private static partial void LogOpened(ILogger logger, string ticketId, string businessId, EscalationReason reason, TicketPriority priority);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ticket {TicketId}'s user messages could not be saved at deactivation; the next activation takes them from the interactions")]
    private static partial void LogDeferredSaveFailed(ILogger logger, Exception exception, string ticketId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ticket {TicketId} was written by another activation; its user messages kept here are not saved over it (they are in the interactions)")]
    private static partial void LogDeferredSaveStale(ILogger logger, string ticketId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ticket {TicketId} was not claimed in time; priority raised to {Priority}")]
    private static partial void LogRaised(ILogger logger, string ticketId, TicketPriority priority);
}
