using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orchestrator.Grains.Diagnostics;

namespace Orchestrator.Grains.Escalations.Notifications;

/// <summary>
/// Delivers the outbox, on every silo: claims due messages for a lease, sends each through its channel, and records
/// the result (delivered, retry later with backoff or the receiver's Retry-After, failed for good, or skipped). A
/// silo that stops mid-delivery leaves its claims to expire, and another silo delivers them: at least once.
/// </summary>
public sealed partial class NotificationDispatcher(
    INotificationOutbox outbox,
    IEnumerable<INotificationSender> senders,
    NotificationSignal signal,
    IOptions<NotificationOptions> options,
    OrchestratorMetrics metrics,
    TimeProvider time,
    ILogger<NotificationDispatcher> logger) : BackgroundService
{
    private const int BatchSize = 20;
    private readonly Dictionary<string, INotificationSender> _senders = senders.ToDictionary(s => s.Channel, StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delivery = options.Value.Delivery;
        while (!stoppingToken.IsCancellationRequested)
        {
            IReadOnlyList<OutboxItem> items;
            try
            {
                items = await outbox.ClaimAsync(BatchSize, delivery.Lease, time.GetUtcNow(), stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogOutboxUnavailable(logger, exception.Message);
                items = [];
            }

            if (items.Count == 0)
            {
                await signal.WaitAsync(delivery.PollInterval, stoppingToken);
                continue;
            }

            await Task.WhenAll(items.Select(item => DeliverAsync(item, delivery, stoppingToken)));
        }
    }

    /// <summary>One delivery attempt of one message, and its bookkeeping.</summary>
    internal async Task DeliverAsync(OutboxItem item, DeliveryOptions delivery, CancellationToken stoppingToken)
    {
        var message = item.Message;
        DeliveryResult result;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
        {
            timeout.CancelAfter(delivery.Timeout);
            try
            {
                result = _senders.TryGetValue(message.Channel, out var sender)
                    ? await sender.SendAsync(item, timeout.Token)
                    : DeliveryResult.Permanent($"no sender for channel {message.Channel}");
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                result = DeliveryResult.Retry("timed out");
            }
            catch (HttpRequestException exception)
            {
                result = DeliveryResult.Retry(exception.Message);
            }
        }

        var now = time.GetUtcNow();
        try
        {
            switch (result.Outcome)
            {
                case DeliveryOutcome.Delivered:
                    await outbox.CompleteAsync(message.Id, now, CancellationToken.None);
                    break;
                case DeliveryOutcome.Skipped:
                    await outbox.SkipAsync(message.Id, result.Error ?? "", now, CancellationToken.None);
                    break;
                case DeliveryOutcome.Retry when item.Attempts + 1 < delivery.MaxAttempts:
                    await outbox.RetryAsync(message.Id, now + RetrySchedule.Next(item.Attempts, delivery, result.RetryAfter), result.Error ?? "", CancellationToken.None);
                    break;
                default:
                    await outbox.FailAsync(message.Id, result.Error ?? "", now, CancellationToken.None);
                    LogFailed(logger, message.Channel, message.TicketId, item.Attempts + 1, result.Error);
                    break;
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The lease runs out and the message is delivered again: at least once.
            LogOutboxUnavailable(logger, exception.Message);
        }

        metrics.Notification(message.BusinessId, message.Channel, result.Outcome.ToString().ToLowerInvariant());
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The notification outbox is unavailable: {Reason}")]
    private static partial void LogOutboxUnavailable(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Notification on {Channel} for ticket {TicketId} failed for good after {Attempts} attempt(s): {Error}")]
    private static partial void LogFailed(ILogger logger, string channel, string? ticketId, int attempts, string? error);
}
