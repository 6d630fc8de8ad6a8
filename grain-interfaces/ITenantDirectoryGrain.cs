namespace Orchestrator.GrainInterfaces;

/// <summary>Lists tenants. Stateless: every call reads the tenant store.</summary>
[Alias("orch.tenant-directory")]
public interface ITenantDirectoryGrain : IGrainWithIntegerKey
{
    /// <summary>A page of tenants ordered by id.</summary>
    [Alias("list")]
    Task<BusinessPage> List(int offset, int limit);
}
