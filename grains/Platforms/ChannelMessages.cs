using System.Security.Cryptography;
using System.Text;
using Orchestrator.Grains.Escalations.Notifications;

namespace Orchestrator.Grains.Platforms;

/// <summary>
/// The outbox entries of the channel flow: an incoming platform message waiting to be answered, and the bot's reply to
/// it. Their ids come from what they are (tenant, platform, platform id), so a re-delivered message or a retried
/// answer adds nothing new: each platform message is answered once and each reply sent once.
/// </summary>
public static class ChannelMessages
{
    /// <summary>Longest text WhatsApp and Telegram accept in one message.</summary>
    public const int MaxTextLength = 4096;

    public static OutboundMessage Incoming(string businessId, string platform, string userId, string deliveryKey, string messageId, string text, DateTimeOffset receivedAt) =>
        new(
            IdFor(businessId, platform, deliveryKey),
            businessId,
            null,
            Channels.Inbound,
            new NotificationEvent(NotificationEvent.MessageReceived, "", businessId, platform, userId, "", "", "", "", null, text, null, receivedAt, messageId),
            receivedAt);

    /// <summary>The reply to an incoming message, to the same user on the same platform.</summary>
    public static OutboundMessage Reply(OutboundMessage incoming, string text, DateTimeOffset at)
    {
        var ev = incoming.Event;
        return new OutboundMessage(
            IdFor(incoming.Id.ToString("N"), "reply", ""),
            ev.BusinessId,
            null,
            Channels.User,
            ev with { Type = NotificationEvent.BotReply, Text = Fit(text), OccurredAt = at },
            at);
    }

    /// <summary>A text cut to what the platforms accept.</summary>
    public static string Fit(string text) => text.Length <= MaxTextLength ? text : text[..(MaxTextLength - 1)] + "…";

    public static Guid IdFor(string businessId, string platform, string key)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{businessId}\n{platform}\n{key}"));
        return new Guid(hash.AsSpan(0, 16));
    }
}
