using System.ComponentModel.DataAnnotations;

namespace Orchestrator.Grains.Limits;

/// <summary>
/// Message limits and the model token budget (<c>RateLimits</c> section). The per-tenant and per-user limits are enforced in the tenant's and the
/// user's grain, so they hold exactly across all gateways and silos; the per-IP limit is a coarse flood guard at each
/// gateway. 0 turns a limit off.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Messages a tenant may send per second, all users together (sustained).</summary>
    [Range(0, 1_000_000)]
    public double TenantMessagesPerSecond { get; set; } = 100;

    /// <summary>How many messages a tenant may send at once above the sustained rate.</summary>
    [Range(1, 10_000_000)]
    public int TenantBurst { get; set; } = 200;

    /// <summary>Messages one user may send per minute (also the burst).</summary>
    [Range(0, 100_000)]
    public int UserMessagesPerMinute { get; set; } = 30;

    /// <summary>Requests one client IP may make per minute to one gateway.</summary>
    [Range(0, 10_000_000)]
    public int PerIpPerMinute { get; set; } = 1200;

    /// <summary>
    /// Model tokens a tenant may use per calendar month (UTC) unless the operator set the tenant's own limit. When
    /// they are used up, messages are understood by the caches and the built-in local model instead. 0: unlimited.
    /// </summary>
    [Range(0, long.MaxValue)]
    public long MonthlyLlmTokens { get; set; }
}
