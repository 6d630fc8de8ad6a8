namespace Orchestrator.Grains.Sessions;

/// <summary>
/// One answered message: a row of the <c>interactions</c> table. Written once, never changed; the session state
/// (session id, history, seen message ids) is derived from these rows when a session grain activates.
/// </summary>
/// <param name="PlatformMessageId">The platform's message id; unique per tenant, platform and user when set.</param>
/// <param name="LlmResponse">The model's raw output (JSON), null when the model was not asked.</param>
/// <param name="FinalResponse">What the user was answered.</param>
/// <param name="ProductId">The product the answer was about, remembered for follow-up questions.</param>
/// <param name="ProcessingMs">Time spent in the silo, from receipt to recording.</param>
public sealed record InteractionRecord(
    Guid Id,
    string BusinessId,
    string Platform,
    string UserId,
    string SessionId,
    string? PlatformMessageId,
    string UserMessage,
    string? LlmResponse,
    string FinalResponse,
    string? Intent,
    double? Confidence,
    string? ProductId,
    bool Escalated,
    string? TicketId,
    string? ModelVersion,
    bool FromCache,
    int ProcessingMs,
    string? RequestId,
    DateTimeOffset CreatedAt);

/// <summary>The result of recording: the new record, or the earlier record of the same platform message.</summary>
public sealed record RecordOutcome(bool Inserted, InteractionRecord Record);
