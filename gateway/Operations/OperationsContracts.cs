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
    DateTimeOffset? LastMessageAt);

/// <summary><c>GET /health</c>: overall status and each check.</summary>
public sealed record HealthResponse(string Status, string Service, string Mode, ImmutableSortedDictionary<string, HealthCheckResponse> Checks);

public sealed record HealthCheckResponse(string Status, string? Description, double DurationMs);
