using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Orchestrator.Gateway.Operations;

/// <summary>Healthy when the cluster answers and has at least one active silo.</summary>
internal sealed class OrleansClusterHealthCheck(IGrainFactory grains) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var hosts = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(Timeout, cancellationToken);
            return hosts.Count > 0
                ? HealthCheckResult.Healthy($"{hosts.Count} active silo(s)")
                : HealthCheckResult.Unhealthy("no active silo");
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"the cluster does not answer: {exception.GetType().Name}");
        }
    }
}

/// <summary>How this gateway runs: <c>embedded</c> (in-process silo) or <c>cluster</c> (Orleans client).</summary>
public sealed record GatewayMode(string Name);
