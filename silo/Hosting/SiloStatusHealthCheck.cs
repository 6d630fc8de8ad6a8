using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Orchestrator.Silo.Hosting;

/// <summary>Healthy while this silo is an active member of the cluster.</summary>
public sealed class SiloStatusHealthCheck(IClusterMembershipService membership, ILocalSiloDetails silo) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var snapshot = membership.CurrentSnapshot;
        var status = snapshot.GetSiloStatus(silo.SiloAddress);
        var active = snapshot.Members.Values.Count(m => m.Status == SiloStatus.Active);
        return Task.FromResult(status == SiloStatus.Active
            ? HealthCheckResult.Healthy($"active; {active} active silo(s) in the cluster")
            : HealthCheckResult.Unhealthy($"this silo is {status}"));
    }
}
