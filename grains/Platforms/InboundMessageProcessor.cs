using Orchestrator.GrainInterfaces;
using Orchestrator.Grains.Escalations;
using Orchestrator.Grains.Escalations.Notifications;

namespace Orchestrator.Grains.Platforms;

/// <summary>
/// Answers a stored platform message (outbox channel <c>inbound</c>): the user's session grain handles it exactly as
/// a <c>/webhook</c> call (the platform's message id de-duplicates), and the reply is put in the outbox for the
/// platform's channel in the same step. Run again after a crash, the session returns its recorded answer and the
/// reply's id is the same, so the user gets one reply.
/// </summary>
public sealed class InboundMessageProcessor(IGrainFactory grains, INotificationOutbox outbox, NotificationSignal signal, TimeProvider time) : INotificationSender
{
    public string Channel => Channels.Inbound;

    public async Task<DeliveryResult> SendAsync(OutboxItem item, CancellationToken cancellationToken)
    {
        var message = item.Message;
        var ev = message.Event;
        var outcome = await grains.GetSession(ev.BusinessId, ev.Platform, ev.UserId)
            .Handle(new IncomingMessage(ev.Text ?? "", ev.MessageId, "inbound-" + message.Id.ToString("N")[..12], message.CreatedAt));
        switch (outcome.Status)
        {
            case MessageStatus.TenantNotFound:
                return DeliveryResult.Permanent($"business {ev.BusinessId} no longer exists");
            case MessageStatus.RateLimited:
                return DeliveryResult.Retry("over the tenant's or the user's message limit", outcome.RetryAfter);
        }

        if (string.IsNullOrEmpty(outcome.Reply))
        {
            // A person has the conversation: the bot stays silent, the agent's replies go out through the same channel.
            return DeliveryResult.Skipped("no bot reply (a person has the conversation)");
        }

        if (await outbox.EnqueueAsync([ChannelMessages.Reply(message, outcome.Reply, time.GetUtcNow())], cancellationToken) > 0)
        {
            signal.Notify();
        }

        return DeliveryResult.Delivered;
    }
}
