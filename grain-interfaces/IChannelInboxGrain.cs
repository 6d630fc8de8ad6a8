using Orleans.Concurrency;

namespace Orchestrator.GrainInterfaces;

/// <summary>
/// Where the gateway hands what WhatsApp and Telegram deliver: checks the platform's signature or secret with the
/// tenant's own settings, and stores each text message durably before the platform is answered; the messages are
/// then answered in the background and the replies sent through the platform's API. Stateless: any silo takes any
/// call (use key 0).
/// </summary>
[Alias("orch.channel-inbox")]
public interface IChannelInboxGrain : IGrainWithIntegerKey
{
    /// <summary>A WhatsApp Cloud API notification: the raw body as received and its <c>X-Hub-Signature-256</c>.</summary>
    /// <param name="businessId">The tenant named in the URL, or null when the tenant is found from the phone number id alone.</param>
    [Alias("receive-whatsapp")]
    Task<ChannelIntake> ReceiveWhatsApp(string? businessId, byte[] body, string? signature);

    /// <summary>A Telegram update for the tenant's bot with its <c>X-Telegram-Bot-Api-Secret-Token</c>.</summary>
    [Alias("receive-telegram")]
    Task<ChannelIntake> ReceiveTelegram(string businessId, byte[] body, string? secretToken);

    /// <summary>The WhatsApp verification handshake: the challenge to echo when the token matches, else null.</summary>
    [Alias("verify-whatsapp"), ReadOnly]
    Task<string?> VerifyWhatsApp(string? businessId, string? mode, string? verifyToken, string? challenge);
}

/// <summary>How a platform delivery was taken.</summary>
public enum ChannelIntakeStatus
{
    /// <summary>Stored (or already stored: a re-delivery); answer the platform 200.</summary>
    Accepted,
    /// <summary>The signature or secret token does not match the tenant's.</summary>
    Forbidden,
    /// <summary>No tenant has this channel set up (unknown phone number id, or no Telegram bot for the tenant).</summary>
    NotConfigured,
    /// <summary>The body is not what the platform sends.</summary>
    Malformed,
}

/// <param name="Accepted">New text messages stored for answering.</param>
/// <param name="Duplicates">Messages already stored from an earlier delivery (answered once).</param>
/// <param name="Ignored">Statuses, receipts and non-text messages acknowledged and not answered.</param>
/// <param name="Problem">What was wrong, for the error body.</param>
[GenerateSerializer, Immutable, Alias("orch.channel-intake")]
public sealed record ChannelIntake(ChannelIntakeStatus Status, int Accepted, int Duplicates, int Ignored, string? Problem, string? Field = null);
