using System.Collections.Immutable;

namespace Orchestrator.GrainInterfaces;

/// <summary>A user's message as it reached the gateway. The tenant, platform and user are in the session key.</summary>
/// <param name="PlatformMessageId">The platform's message id (<c>mesaj_id</c>), used to answer a redelivery once.</param>
/// <param name="RequestId">The HTTP request id, carried into logs and the interaction record.</param>
[GenerateSerializer, Immutable, Alias("orch.incoming-message")]
public sealed record IncomingMessage(string Text, string? PlatformMessageId, string? RequestId, DateTimeOffset ReceivedAt);

/// <summary>How the handling of a message ended.</summary>
public enum MessageStatus
{
    /// <summary>The message was answered (or handed to a person) and recorded.</summary>
    Answered,
    /// <summary>The tenant does not exist; nothing was recorded.</summary>
    TenantNotFound,
    /// <summary>Over the tenant's or the user's message limit; nothing was recorded; retry after <see cref="MessageOutcome.RetryAfter"/>.</summary>
    RateLimited,
}

/// <summary>What the user gets back for a message.</summary>
/// <param name="Reply">The text to send to the user; empty when a person has taken over and the bot stays silent.</param>
/// <param name="Duplicate">True when this is a redelivery of a message already answered: the first answer is repeated.</param>
[GenerateSerializer, Immutable, Alias("orch.message-outcome")]
public sealed record MessageOutcome(
    MessageStatus Status,
    string Reply,
    string SessionId,
    string? Intent,
    double? Confidence,
    bool Escalated,
    string? TicketId,
    bool Duplicate,
    TimeSpan? RetryAfter = null)
{
    public static MessageOutcome TenantNotFound { get; } = new(MessageStatus.TenantNotFound, "", "", null, null, false, null, false);

    public static MessageOutcome RateLimited(TimeSpan retryAfter) => new(MessageStatus.RateLimited, "", "", null, null, false, null, false, retryAfter);
}

/// <summary>One exchange of a conversation: what the user wrote and what they were answered.</summary>
[GenerateSerializer, Immutable, Alias("orch.conversation-turn")]
public sealed record ConversationTurn(string UserText, string BotText, DateTimeOffset At);

/// <summary>A session's request to its tenant grain to understand and answer one message.</summary>
/// <param name="ContextProductId">The product the conversation was last about, for follow-ups such as "peki stok?".</param>
/// <param name="History">The recent turns of the session, oldest first.</param>
/// <param name="SessionEscalations">How many times this session has escalated before (raises the priority).</param>
[GenerateSerializer, Immutable, Alias("orch.answer-request")]
public sealed record AnswerRequest(
    string Text,
    string? ContextProductId,
    ImmutableArray<ConversationTurn> History,
    int SessionEscalations);

/// <summary>How the tenant grain answered.</summary>
public enum AnswerStatus
{
    /// <summary>An answer from the tenant's data.</summary>
    Answered,
    /// <summary>A person must take over; <see cref="BotAnswer.Escalation"/> says why.</summary>
    Escalate,
    /// <summary>The tenant does not exist.</summary>
    TenantNotFound,
    /// <summary>Over the tenant's message limit; retry after <see cref="BotAnswer.RetryAfter"/>.</summary>
    RateLimited,
}

/// <summary>The tenant grain's answer to a message.</summary>
/// <param name="Text">The answer text; for an escalation, the polite handoff text.</param>
/// <param name="ProductId">The product the answer is about, if any.</param>
/// <param name="LlmOutput">The model's raw output (the JSON), recorded with the interaction.</param>
/// <param name="ModelVersion">Which model produced the understanding (e.g. <c>local-intent/3</c>).</param>
/// <param name="FromCache">True when the understanding came from the tenant's cache.</param>
[GenerateSerializer, Immutable, Alias("orch.bot-answer")]
public sealed record BotAnswer(
    AnswerStatus Status,
    string Text,
    string? Intent,
    double? Confidence,
    string? ProductId,
    EscalationRequest? Escalation,
    string? LlmOutput,
    string? ModelVersion,
    bool FromCache,
    TimeSpan? RetryAfter = null)
{
    public static BotAnswer TenantNotFound { get; } = new(AnswerStatus.TenantNotFound, "", null, null, null, null, null, null, false);

    public static BotAnswer RateLimited(TimeSpan retryAfter) => new(AnswerStatus.RateLimited, "", null, null, null, null, null, null, false, retryAfter);
}

/// <summary>A session's state as the agent API and tests see it.</summary>
[GenerateSerializer, Immutable, Alias("orch.session-snapshot")]
public sealed record SessionSnapshot(
    string SessionId,
    DateTimeOffset? LastActivityAt,
    ImmutableArray<ConversationTurn> History,
    HandoffState Handoff,
    string? TicketId,
    int Escalations);

/// <summary>Who answers the user (bot → awaiting human → human → bot).</summary>
public enum HandoffState
{
    /// <summary>The bot answers.</summary>
    Bot,
    /// <summary>A ticket is open; no person has claimed it yet. The bot is silent after telling the user once.</summary>
    AwaitingHuman,
    /// <summary>A person has claimed the ticket; the bot is muted.</summary>
    Human,
}
