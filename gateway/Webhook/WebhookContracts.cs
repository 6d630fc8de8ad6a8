namespace Orchestrator.Gateway.Webhook;

/// <summary>The original design's webhook body. Every field is nullable so a missing one gets a clear 400.</summary>
/// <param name="MesajMetni">The user's message text (<c>mesaj_metni</c>).</param>
/// <param name="KullaniciId">The user's id on the platform (<c>kullanici_id</c>).</param>
/// <param name="IsletmeId">The tenant's id (<c>isletme_id</c>).</param>
/// <param name="Platform">One of <see cref="WebhookValidation.Platforms"/>.</param>
/// <param name="MesajId">The platform's message id (<c>mesaj_id</c>), optional, for answering redeliveries once.</param>
public sealed record WebhookRequest(string? MesajMetni, string? KullaniciId, string? IsletmeId, string? Platform, string? MesajId);

/// <summary>The webhook answer: the original four fields plus what integrations need.</summary>
/// <param name="TicketId">Set when the conversation was handed to a person.</param>
/// <param name="Duplicate">True when this was a redelivery and the first answer is repeated.</param>
public sealed record WebhookResponse(
    bool Success,
    string Message,
    string SessionId,
    long ResponseTimeMs,
    string? Intent,
    bool Escalated,
    string? TicketId,
    bool Duplicate);
