using Orchestrator.GrainInterfaces;
using Orleans.Concurrency;

namespace Orchestrator.Grains.Escalations;

/// <summary>Lists tickets from the store. A stateless worker: any silo answers locally, in parallel.</summary>
[StatelessWorker]
public sealed class TicketDirectoryGrain(ITicketStore store) : Grain, ITicketDirectoryGrain
{
    public Task<TicketPage> List(TicketQuery query) => store.ListAsync(query, CancellationToken.None);
}
