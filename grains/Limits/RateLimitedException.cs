namespace Orchestrator.Grains.Limits;

/// <summary>Carries "over the tenant's limit" from the tenant's answer up to the session's outcome.</summary>
internal sealed class RateLimitedException(TimeSpan retryAfter) : Exception("Over the tenant's message limit.")
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}
