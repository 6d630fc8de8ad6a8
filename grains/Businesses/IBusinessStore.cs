using Orchestrator.GrainInterfaces;

namespace Orchestrator.Grains.Businesses;

/// <summary>
/// Where tenants and their catalogues live: in memory in embedded mode, the <c>businesses</c> and <c>products</c>
/// tables in cluster mode. Only <see cref="BusinessGrain"/> writes through it, so there is one writer per tenant.
/// </summary>
public interface IBusinessStore
{
    /// <summary>The tenant with its catalogue, or null.</summary>
    Task<BusinessSnapshot?> LoadAsync(string businessId, CancellationToken cancellationToken);

    /// <summary>Creates a tenant with its catalogue atomically. False when the id is taken.</summary>
    Task<bool> CreateAsync(BusinessSnapshot business, CancellationToken cancellationToken);

    /// <summary>Saves the profile (name, greeting, meta, version, timestamps).</summary>
    Task SaveProfileAsync(BusinessProfile profile, CancellationToken cancellationToken);

    /// <summary>Inserts or updates a product and saves the profile's new version in the same transaction.</summary>
    Task SaveProductAsync(BusinessProfile profile, ProductInfo product, CancellationToken cancellationToken);

    /// <summary>Deletes a product and saves the profile's new version in the same transaction.</summary>
    Task DeleteProductAsync(BusinessProfile profile, string productId, CancellationToken cancellationToken);

    /// <summary>Deletes a tenant and its catalogue. False when it did not exist.</summary>
    Task<bool> DeleteAsync(string businessId, CancellationToken cancellationToken);

    /// <summary>A page of tenants ordered by id.</summary>
    Task<BusinessPage> ListAsync(int offset, int limit, CancellationToken cancellationToken);
}
