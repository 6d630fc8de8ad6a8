using Orchestrator.Grains.Integrations;

namespace Orchestrator.Grains.Escalations.Notifications;

/// <summary>A platform the orchestrator can write to by itself (WhatsApp, Telegram), used for agents' replies.</summary>
public interface IUserChannel
{
    /// <summary>The platform name as in the webhook's <c>platform</c> field.</summary>
    string Platform { get; }

    /// <summary>The tenant integration (<see cref="IntegrationKinds"/>) the channel sends through.</summary>
    string IntegrationKind { get; }

    Task<DeliveryResult> SendAsync(string businessId, string userId, string text, CancellationToken cancellationToken);
}

/// <summary>
/// Delivers messages meant for the end user through their platform's channel. Platforms without one (web, api:
/// the integrator calls us, we cannot call them) and tenants without the platform's integration are not written to:
/// the reply stays in the ticket for the integrator. The ticket asks <see cref="CanReachAsync"/> before queueing a
/// message; one queued before the integration was removed is skipped here.
/// </summary>
public sealed class UserMessageNotifier(IEnumerable<IUserChannel> channels, IIntegrationStore integrations) : INotificationSender
{
    private readonly Dictionary<string, IUserChannel> _channels = channels.ToDictionary(c => c.Platform, StringComparer.Ordinal);

    public string Channel => Channels.User;

    /// <summary>Whether a message to this tenant's users on <paramref name="platform"/> can be sent at all now.</summary>
    public async Task<bool> CanReachAsync(string businessId, string platform, CancellationToken cancellationToken) =>
        _channels.TryGetValue(platform, out var channel)
        && await integrations.GetAsync(businessId, channel.IntegrationKind, cancellationToken) is not null;

    public Task<DeliveryResult> SendAsync(OutboxItem item, CancellationToken cancellationToken)
    {
        var ev = item.Message.Event;
        return _channels.TryGetValue(ev.Platform, out var channel)
            ? channel.SendAsync(ev.BusinessId, ev.UserId, ev.Text ?? "", cancellationToken)
            : Task.FromResult(DeliveryResult.Skipped($"no outbound channel for platform {ev.Platform}"));
    }
}
