using System.Collections.Immutable;

namespace Orchestrator.Gateway.Operations;

/// <summary><c>GET /stats/{isletme_id}</c>: a tenant's conversation statistics.</summary>
public sealed record BusinessStatisticsResponse(
    string IsletmeId,
    long Messages,
    long Sessions,
    long Users,
    long Escalations,
    ImmutableSortedDictionary<string, long> Intents,
    ImmutableSortedDictionary<string, long> Platforms,
    double AverageProcessingMs,
    DateTimeOffset? LastMessageAt,
    NotificationCountsResponse? Notifications);

public sealed record NotificationCountsResponse(long Pending, long Delivered, long Failed, long Skipped);
