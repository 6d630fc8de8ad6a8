using Orchestrator.GrainInterfaces;
using Orleans.Concurrency;

namespace Orchestrator.Grains.Businesses;

/// <summary>Lists tenants from the store. A stateless worker: any silo answers locally, in parallel.</summary>
[StatelessWorker]
public sealed class TenantDirectoryGrain(IBusinessStore store) : Grain, ITenantDirectoryGrain
{
    public Task<BusinessPage> List(int offset, int limit) => store.ListAsync(offset, limit, CancellationToken.None);
}
