using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orchestrator.GrainInterfaces;
using Orchestrator.Grains.Diagnostics;
using Orchestrator.Grains.Businesses;
using Orchestrator.Grains.Escalations;
using Orchestrator.Grains.Limits;

namespace Orchestrator.Grains.Sessions;

/// <summary>
/// One user's conversation with one tenant on one platform. Answers messages one at a time, in order; asks the
/// tenant grain to understand and answer; opens a ticket and hands the conversation to a person when told to; and
/// records every interaction before replying. Nothing is persisted here: the session id, history and recently seen
/// message ids are rebuilt from the interaction records on activation, and who answers (the bot, or a person through
/// a ticket) from the conversation's tickets, so a message costs no state write of its own.
/// </summary>
public sealed partial class SessionGrain(
    IInteractionStore interactions,
    ITicketStore tickets,
    IOptions<ConversationOptions> options,
    IOptions<RateLimitOptions> rateLimits,
    OrchestratorMetrics metrics,
    TimeProvider time,
    ILogger<SessionGrain> logger) : Grain, ISessionGrain
{
    private readonly RecentOutcomes _seen = new(options.Value.RememberedMessageIds);
    private TokenBucket? _userLimit;
    private string _businessId = "";
    private string _platform = "";
    private string _userId = "";
    private string? _sessionId;
    private DateTimeOffset? _lastActivityAt;
    private ImmutableArray<ConversationTurn> _history = [];
    private string? _contextProductId;
    private HandoffState _handoff;
    private string? _ticketId;
    private int _escalations;
    private bool _waitNoticeSent;

    private ConversationOptions Options => options.Value;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_businessId, _platform, _userId) = GrainKeys.ParseSession(this.GetPrimaryKeyString());
        var perMinute = rateLimits.Value.UserMessagesPerMinute;
        _userLimit = perMinute > 0 ? new TokenBucket(perMinute, perMinute / 60.0, time) : null;
        var limit = Math.Max(Options.HistoryTurns, Options.RememberedMessageIds);
        var loadingTickets = tickets.ForConversationAsync(_businessId, _platform, _userId, cancellationToken);
        IReadOnlyList<InteractionRecord> recent = limit == 0 ? [] : await interactions.RecentAsync(_businessId, _platform, _userId, limit, cancellationToken);
        var conversationTickets = await loadingTickets;
        _ticketId = conversationTickets.LatestTicketId;
        _handoff = Handoff(conversationTickets.LatestStatus); // no ticket reads as resolved: the bot answers
        _waitNoticeSent = conversationTickets.WaitNoticeSent;
        _escalations = conversationTickets.Count;
        if (recent.Count == 0)
        {
            return;
        }

        var latest = recent[0];
        _sessionId = latest.SessionId;
        _lastActivityAt = latest.CreatedAt;
        var history = ImmutableArray.CreateBuilder<ConversationTurn>();
        for (var i = recent.Count - 1; i >= 0; i--)
        {
            var record = recent[i];
            if (record.SessionId == _sessionId)
            {
                history.Add(new ConversationTurn(record.UserMessage, record.FinalResponse, record.CreatedAt));
                _contextProductId = record.ProductId ?? _contextProductId;
            }

            if (record.PlatformMessageId is { } messageId)
            {
                _seen.Remember(messageId, ToOutcome(record, duplicate: true));
            }
        }

        _history = Trim(history.ToImmutable());
    }

    public async Task<MessageOutcome> Handle(IncomingMessage message)
    {
        if (message.PlatformMessageId is { } messageId && _seen.TryGetValue(messageId, out var earlier))
        {
            return earlier;
        }

        if (_userLimit?.TryTake() is { } wait)
        {
            return MessageOutcome.RateLimited(wait);
        }

        var started = time.GetTimestamp();
        var now = time.GetUtcNow();
        var continues = _sessionId is not null && _lastActivityAt is { } last && now - last <= Options.SessionTimeout;
        var sessionId = continues ? _sessionId! : Guid.NewGuid().ToString();
        var history = continues ? _history : [];
        var contextProductId = continues ? _contextProductId : null;

        Reply? reply;
        try
        {
            reply = await HandOffAsync(message, sessionId, now)
                ?? await AskBusinessAsync(message, sessionId, history, contextProductId, now);
        }
        catch (RateLimitedException limited)
        {
            return MessageOutcome.RateLimited(limited.RetryAfter);
        }
        if (reply is null)
        {
            DeactivateOnIdle();
            return MessageOutcome.TenantNotFound;
        }

        var record = new InteractionRecord(
            Guid.CreateVersion7(now), _businessId, _platform, _userId, sessionId, message.PlatformMessageId, message.Text,
            reply.LlmOutput, reply.Text, reply.Intent, reply.Confidence, reply.ProductId, reply.Escalated, reply.TicketId,
            reply.ModelVersion, reply.FromCache, (int)time.GetElapsedTime(started).TotalMilliseconds, message.RequestId, now);
        var recorded = await interactions.RecordAsync(record, CancellationToken.None);
        if (!recorded.Inserted)
        {
            // Another activation recorded this platform message first (a redelivery raced us); its answer stands.
            LogRedeliveryRaced(logger, _businessId, message.PlatformMessageId);
            var first = ToOutcome(recorded.Record, duplicate: true);
            _seen.Remember(message.PlatformMessageId!, first);
            return first;
        }

        _sessionId = sessionId;
        _lastActivityAt = now;
        _history = Append(history, new ConversationTurn(message.Text, reply.Text, now));
        _contextProductId = reply.ProductId ?? contextProductId;
        if (message.PlatformMessageId is { } id)
        {
            _seen.Remember(id, ToOutcome(record, duplicate: true));
        }

        metrics.Message(_businessId, _platform, reply.Intent, reply.Escalated ? "escalated" : "answered", time.GetElapsedTime(started).TotalMilliseconds);
        return ToOutcome(record, duplicate: false);
    }

    public Task TicketChanged(TicketSnapshot ticket, string? agentReply)
    {
        if (ticket.TicketId != _ticketId && ticket.Status != TicketStatus.Open)
        {
            return Task.CompletedTask; // an old ticket of this conversation: it no longer decides who answers
        }

        if (agentReply is not null)
        {
            // Kept in the history so the model sees what the person said once the bot answers again.
            _history = Append(_history, new ConversationTurn("", agentReply, time.GetUtcNow()));
        }

        var changed = Handoff(ticket.Status) != _handoff || ticket.TicketId != _ticketId;
        Follow(ticket);
        if (changed)
        {
            LogHandoffChanged(logger, _businessId, ticket.TicketId, _handoff);
        }

        return Task.CompletedTask;
    }

    public Task<SessionSnapshot> GetSnapshot() => Task.FromResult(new SessionSnapshot(
        _sessionId ?? "", _lastActivityAt, _history, _handoff, _ticketId, _escalations));

    /// <summary>
    /// While a person has the conversation, the message goes to the ticket instead of the model. Null when the bot
    /// answers (no handoff, or the ticket has been resolved meanwhile).
    /// </summary>
    private async Task<Reply?> HandOffAsync(IncomingMessage message, string sessionId, DateTimeOffset now)
    {
        if (_handoff == HandoffState.Bot || _ticketId is not { } ticketId)
        {
            return null;
        }

        var key = this.GetPrimaryKeyString();
        if (message.PlatformMessageId is not null && TicketIds.For(key, message.PlatformMessageId) == ticketId)
        {
            // A redelivery of the message that opened the ticket, not recorded before (e.g. the silo stopped in
            // between): answer it as the first delivery was meant to be answered.
            return Reply.HandedOff(ReplyTexts.HandoffStarted(ticketId), ticketId);
        }

        var ticket = await GrainFactory.GetTicket(ticketId).AddUserMessage(message.Text, now);
        if (ticket is null || ticket.Status == TicketStatus.Resolved)
        {
            _handoff = HandoffState.Bot;
            return null;
        }

        // The ticket records that the waiting user has been told (the first message it took while open): told
        // before means this message gets no answer, like every message while a person holds the conversation.
        var told = _waitNoticeSent;
        Follow(ticket);
        return ticket.Status == TicketStatus.Assigned || told
            ? Reply.HandedOff("", ticketId)
            : Reply.HandedOff(ReplyTexts.HandoffPending, ticketId);
    }

    private async Task<Reply?> AskBusinessAsync(
        IncomingMessage message, string sessionId, ImmutableArray<ConversationTurn> history, string? contextProductId, DateTimeOffset now)
    {
        var answer = await GrainFactory.GetBusiness(_businessId)
            .Answer(new AnswerRequest(message.Text, contextProductId, history, _escalations));
        switch (answer.Status)
        {
            case AnswerStatus.TenantNotFound:
                return null;
            case AnswerStatus.RateLimited:
                throw new RateLimitedException(answer.RetryAfter ?? TimeSpan.FromSeconds(1));
            case AnswerStatus.Escalate:
                var ticketId = await OpenTicketAsync(message, sessionId, history, answer.Escalation!, now);
                return new Reply(ReplyTexts.HandoffStarted(ticketId), answer.Intent, answer.Confidence, answer.ProductId, true, ticketId,
                    answer.LlmOutput, answer.ModelVersion, answer.FromCache);
            default:
                return new Reply(answer.Text, answer.Intent, answer.Confidence, answer.ProductId, false, null,
                    answer.LlmOutput, answer.ModelVersion, answer.FromCache);
        }
    }

    private async Task<string> OpenTicketAsync(
        IncomingMessage message, string sessionId, ImmutableArray<ConversationTurn> history, EscalationRequest escalation, DateTimeOffset now)
    {
        var ticketId = TicketIds.For(this.GetPrimaryKeyString(), message.PlatformMessageId);
        var ticket = await GrainFactory.GetTicket(ticketId).Open(new TicketOpening(
            _businessId, _platform, _userId, sessionId, escalation.Reason, escalation.Priority, escalation.Detail,
            message.Text, history, now));

        metrics.Escalation(_businessId, EscalationReasons.ToWire(escalation.Reason), TicketNames.Priority(escalation.Priority));
        if (ticketId != _ticketId)
        {
            _escalations++;
        }

        Follow(ticket);
        LogHandedOff(logger, _businessId, ticketId, escalation.Reason);
        return ticketId;
    }

    /// <summary>Takes who answers from the conversation's current ticket, as the ticket grain last reported it.</summary>
    private void Follow(TicketSnapshot ticket)
    {
        _ticketId = ticket.TicketId;
        _handoff = Handoff(ticket.Status);
        _waitNoticeSent = ticket.WaitNoticeSent;
    }

    private static HandoffState Handoff(TicketStatus status) => status switch
    {
        TicketStatus.Open => HandoffState.AwaitingHuman,
        TicketStatus.Assigned => HandoffState.Human,
        _ => HandoffState.Bot,
    };

    private ImmutableArray<ConversationTurn> Trim(ImmutableArray<ConversationTurn> history) =>
        history.Length <= Options.HistoryTurns ? history : history[^Options.HistoryTurns..];

    /// <summary>The history with <paramref name="turn"/> added and the oldest turns dropped, in one new array.</summary>
    private ImmutableArray<ConversationTurn> Append(ImmutableArray<ConversationTurn> history, ConversationTurn turn)
    {
        if (Options.HistoryTurns == 0)
        {
            return [];
        }

        var keep = Math.Min(history.Length, Options.HistoryTurns - 1);
        var turns = new ConversationTurn[keep + 1];
        history.AsSpan(history.Length - keep, keep).CopyTo(turns);
        turns[keep] = turn;
        return ImmutableCollectionsMarshal.AsImmutableArray(turns);
    }

    private static MessageOutcome ToOutcome(InteractionRecord record, bool duplicate) => new(
        MessageStatus.Answered, record.FinalResponse, record.SessionId, record.Intent, record.Confidence, record.Escalated,
        record.TicketId, duplicate);

    /// <summary>What the session answers, with what is recorded about how the answer came about.</summary>
    private sealed record Reply(
        string Text,
        string? Intent,
        double? Confidence,
        string? ProductId,
        bool Escalated,
        string? TicketId,
        string? LlmOutput,
        string? ModelVersion,
        bool FromCache)
    {
        public static Reply HandedOff(string text, string ticketId) => new(text, null, null, null, true, ticketId, null, null, false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Conversation of {BusinessId} handed to a person: ticket {TicketId}, {Reason}")]
    private static partial void LogHandedOff(ILogger logger, string businessId, string ticketId, EscalationReason reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Conversation of {BusinessId} now answered by {Handoff} (ticket {TicketId})")]
    private static partial void LogHandoffChanged(ILogger logger, string businessId, string ticketId, HandoffState handoff);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redelivery {PlatformMessageId} for {BusinessId} was recorded by another activation first")]
    private static partial void LogRedeliveryRaced(ILogger logger, string businessId, string? platformMessageId);
}
