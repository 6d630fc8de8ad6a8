namespace Orchestrator.Grains.Escalations.Notifications;

/// <summary>Delivers outbox messages of one channel.</summary>
public interface INotificationSender
{
    string Channel { get; }

    Task<DeliveryResult> SendAsync(OutboxItem item, CancellationToken cancellationToken);
}

/// <summary>How one delivery attempt ended.</summary>
public sealed record DeliveryResult(DeliveryOutcome Outcome, string? Error = null, TimeSpan? RetryAfter = null)
{
    public static DeliveryResult Delivered { get; } = new(DeliveryOutcome.Delivered);

    public static DeliveryResult Retry(string error, TimeSpan? after = null) => new(DeliveryOutcome.Retry, error, after);

    public static DeliveryResult Permanent(string error) => new(DeliveryOutcome.Permanent, error);

    public static DeliveryResult Skipped(string reason) => new(DeliveryOutcome.Skipped, reason);

    /// <summary>An HTTP answer: 2xx delivered; 408, 429 and 5xx worth retrying (honouring Retry-After); other 4xx permanent.</summary>
    public static DeliveryResult FromHttp(HttpResponseMessage response, string body)
    {
        var status = (int)response.StatusCode;
        if (response.IsSuccessStatusCode)
        {
            return Delivered;
        }

        var error = $"{status} {(body.Length > 200 ? body[..200] : body)}".Trim();
        if (status is 408 or 429 or >= 500)
        {
            var after = response.Headers.RetryAfter?.Delta ?? (response.Headers.RetryAfter?.Date is { } date ? date - DateTimeOffset.UtcNow : null);
            return Retry(error, after);
        }

        return Permanent(error);
    }
}

public enum DeliveryOutcome
{
    Delivered,
    Retry,
    Permanent,
    Skipped,
}

/// <summary>When to try again: exponential from the base delay, capped; a Retry-After from the receiver wins.</summary>
public static class RetrySchedule
{
    public static TimeSpan Next(int attemptsSoFar, DeliveryOptions options, TimeSpan? retryAfter)
    {
        if (retryAfter is { } after && after > TimeSpan.Zero)
        {
            return after;
        }

        var exponent = Math.Min(attemptsSoFar, 30);
        var delay = options.BaseDelay.TotalMilliseconds * Math.Pow(2, exponent);
        return TimeSpan.FromMilliseconds(Math.Min(delay, options.MaxDelay.TotalMilliseconds));
    }
}
