namespace Orchestrator.Grains.Escalations.Notifications;

/// <summary>A platform the orchestrator can write to by itself (WhatsApp, Telegram), used for agents' replies.</summary>
public interface IUserChannel
{
    /// <summary>The platform name as in the webhook's <c>platform</c> field.</summary>
    string Platform { get; }

    Task<DeliveryResult> SendAsync(string businessId, string userId, string text, CancellationToken cancellationToken);
}

/// <summary>
/// Delivers messages meant for the end user through their platform's channel. Platforms without one (web, api:
/// the integrator calls us, we cannot call them) are skipped: the reply stays in the ticket for the integrator.
/// </summary>
public sealed class UserMessageNotifier(IEnumerable<IUserChannel> channels) : INotificationSender
{
    private readonly Dictionary<string, IUserChannel> _channels = channels.ToDictionary(c => c.Platform, StringComparer.Ordinal);

    public string Channel => Channels.User;

    public Task<DeliveryResult> SendAsync(OutboxItem item, CancellationToken cancellationToken)
    {
        var ev = item.Message.Event;
        return _channels.TryGetValue(ev.Platform, out var channel)
            ? channel.SendAsync(ev.BusinessId, ev.UserId, ev.Text ?? "", cancellationToken)
            : Task.FromResult(DeliveryResult.Skipped($"no outbound channel for platform {ev.Platform}"));
    }
}
