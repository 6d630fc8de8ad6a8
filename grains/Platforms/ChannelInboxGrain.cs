using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orchestrator.GrainInterfaces;
using Orchestrator.Grains.Escalations;
using Orchestrator.Grains.Escalations.Notifications;
using Orchestrator.Grains.Integrations;
using Orchestrator.Grains.Security;
using Orleans.Concurrency;

namespace Orchestrator.Grains.Platforms;

/// <summary>
/// Takes platform deliveries: finds the tenant, checks the signature or secret with the tenant's settings, and puts
/// each text message in the outbox (one insert, idempotent) before the platform is answered. The outbox dispatcher
/// then answers it (<see cref="InboundMessageProcessor"/>) and sends the reply (<see cref="WhatsAppChannel"/>,
/// <see cref="TelegramChannel"/>).
/// </summary>
[StatelessWorker]
public sealed partial class ChannelInboxGrain(
    IIntegrationStore integrations,
    INotificationOutbox outbox,
    NotificationSignal signal,
    IOptions<ChannelOptions> options,
    TimeProvider time,
    ILogger<ChannelInboxGrain> logger) : Grain, IChannelInboxGrain
{
    public async Task<ChannelIntake> ReceiveWhatsApp(string? businessId, byte[] body, string? signature)
    {
        WhatsAppDelivery delivery;
        try
        {
            delivery = WhatsAppWebhook.Parse(body);
        }
        catch (FormatException exception)
        {
            return new ChannelIntake(ChannelIntakeStatus.Malformed, 0, 0, 0, exception.Message, "body");
        }

        // Every number the delivery concerns must be a known tenant's, and the signature must hold with that tenant's
        // app secret; with a shop id in the URL, the numbers must be that shop's.
        var tenants = new Dictionary<string, IntegrationSettings>(StringComparer.Ordinal);
        foreach (var number in delivery.PhoneNumberIds)
        {
            var integration = await integrations.FindAsync(IntegrationKinds.WhatsApp, IntegrationKinds.PhoneNumberId, number, CancellationToken.None);
            if (integration is null || (businessId is not null && integration.BusinessId != businessId))
            {
                LogUnknownNumber(logger, number);
                return new ChannelIntake(ChannelIntakeStatus.NotConfigured, 0, 0, 0,
                    $"No business{(businessId is null ? "" : $" '{businessId}'")} has the WhatsApp phone number id {number}.", "metadata.phone_number_id");
            }

            tenants[number] = integration;
        }

        if (tenants.Count == 0 && businessId is not null
            && await integrations.GetAsync(businessId, IntegrationKinds.WhatsApp, CancellationToken.None) is { } own)
        {
            tenants[""] = own;
        }

        foreach (var integration in tenants.Values.DistinctBy(i => i.BusinessId))
        {
            if (!WhatsAppWebhook.IsSignatureValid(body, signature, integration.Secrets["app_secret"]))
            {
                LogBadSignature(logger, "whatsapp", integration.BusinessId);
                return new ChannelIntake(ChannelIntakeStatus.Forbidden, 0, 0, 0,
                    "The signature does not match the body signed with the app secret.", WhatsAppWebhook.SignatureHeader);
            }
        }

        if (tenants.Count == 0)
        {
            // Nothing to answer, and no tenant whose secret could check it: acknowledge, keep nothing.
            return new ChannelIntake(ChannelIntakeStatus.Accepted, 0, 0, delivery.Statuses + delivery.Unsupported, null);
        }

        var now = time.GetUtcNow();
        var incoming = delivery.Messages
            .Select(m => ChannelMessages.Incoming(tenants[m.PhoneNumberId].BusinessId, "whatsapp", m.From, m.MessageId, m.MessageId, m.Text, now))
            .ToList();
        return await StoreAsync(incoming, delivery.Statuses + delivery.Unsupported);
    }

    public async Task<ChannelIntake> ReceiveTelegram(string businessId, byte[] body, string? secretToken)
    {
        if (await integrations.GetAsync(businessId, IntegrationKinds.Telegram, CancellationToken.None) is not { } integration)
        {
            return new ChannelIntake(ChannelIntakeStatus.NotConfigured, 0, 0, 0, $"Business '{businessId}' has no Telegram bot set up.", "isletme_id");
        }

        if (!TelegramWebhook.IsSecretValid(secretToken, integration.Secrets["secret_token"]))
        {
            LogBadSignature(logger, "telegram", businessId);
            return new ChannelIntake(ChannelIntakeStatus.Forbidden, 0, 0, 0, "The secret token does not match the bot's.", TelegramWebhook.SecretHeader);
        }

        TelegramMessage? message;
        try
        {
            message = TelegramWebhook.Parse(body);
        }
        catch (FormatException exception)
        {
            return new ChannelIntake(ChannelIntakeStatus.Malformed, 0, 0, 0, exception.Message, "body");
        }

        if (message is null)
        {
            return new ChannelIntake(ChannelIntakeStatus.Accepted, 0, 0, 1, null);
        }

        var chat = message.ChatId.ToString(CultureInfo.InvariantCulture);
        var incoming = ChannelMessages.Incoming(
            businessId, "telegram", chat, "update:" + message.UpdateId.ToString(CultureInfo.InvariantCulture),
            message.MessageId.ToString(CultureInfo.InvariantCulture), message.Text, time.GetUtcNow());
        return await StoreAsync([incoming], 0);
    }

    public async Task<string?> VerifyWhatsApp(string? businessId, string? mode, string? verifyToken, string? challenge)
    {
        if (mode != "subscribe" || string.IsNullOrEmpty(verifyToken) || string.IsNullOrEmpty(challenge))
        {
            return null;
        }

        var expected = businessId is null
            ? options.Value.WhatsApp.VerifyToken
            : (await integrations.GetAsync(businessId, IntegrationKinds.WhatsApp, CancellationToken.None))?.Secrets.GetValueOrDefault("verify_token");
        return expected is not null && ApiKeys.SameSecret(expected, verifyToken) ? challenge : null;
    }

    private async Task<ChannelIntake> StoreAsync(List<OutboundMessage> incoming, int ignored)
    {
        var added = await outbox.EnqueueAsync(incoming, CancellationToken.None);
        if (added > 0)
        {
            signal.Notify();
        }

        return new ChannelIntake(ChannelIntakeStatus.Accepted, added, incoming.Count - added, ignored, null);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A WhatsApp delivery names phone number id {PhoneNumberId}, which no business has")]
    private static partial void LogUnknownNumber(ILogger logger, string phoneNumberId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A {Platform} delivery for {BusinessId} was refused: its signature does not match")]
    private static partial void LogBadSignature(ILogger logger, string platform, string businessId);
}
