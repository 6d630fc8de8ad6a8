using System.Collections.Concurrent;
using System.Collections.Immutable;
using Orchestrator.GrainInterfaces;

namespace Orchestrator.Grains.Businesses;

/// <summary>The embedded-mode tenant store: everything in process memory, gone when the process stops.</summary>
public sealed class InMemoryBusinessStore : IBusinessStore
{
    private readonly ConcurrentDictionary<string, BusinessSnapshot> _businesses = new(StringComparer.Ordinal);

    public Task<BusinessSnapshot?> LoadAsync(string businessId, CancellationToken cancellationToken) =>
        Task.FromResult(_businesses.GetValueOrDefault(businessId));

    public Task<bool> CreateAsync(BusinessSnapshot business, CancellationToken cancellationToken) =>
        Task.FromResult(_businesses.TryAdd(business.Profile.Id, business));

    public Task SaveProfileAsync(BusinessProfile profile, CancellationToken cancellationToken)
    {
        Update(profile.Id, current => current with { Profile = profile });
        return Task.CompletedTask;
    }

    public Task SaveProductAsync(BusinessProfile profile, ProductInfo product, CancellationToken cancellationToken)
    {
        Update(profile.Id, current =>
        {
            var index = current.Products.FindIndex(p => p.Id == product.Id);
            var products = index >= 0 ? current.Products.SetItem(index, product) : current.Products.Add(product);
            return new BusinessSnapshot(profile, products);
        });
        return Task.CompletedTask;
    }

    public Task DeleteProductAsync(BusinessProfile profile, string productId, CancellationToken cancellationToken)
    {
        Update(profile.Id, current => new BusinessSnapshot(profile, current.Products.RemoveAll(p => p.Id == productId)));
        return Task.CompletedTask;
    }

    public Task<bool> DeleteAsync(string businessId, CancellationToken cancellationToken) =>
        Task.FromResult(_businesses.TryRemove(businessId, out _));

    public Task<BusinessPage> ListAsync(int offset, int limit, CancellationToken cancellationToken)
    {
        var all = _businesses.Values.OrderBy(b => b.Profile.Id, StringComparer.Ordinal).ToList();
        var items = all.Skip(offset).Take(limit)
            .Select(b => new BusinessSummary(b.Profile.Id, b.Profile.Name, b.Products.Length, b.Profile.CreatedAt))
            .ToImmutableArray();
        return Task.FromResult(new BusinessPage(items, offset, limit, all.Count));
    }

    private void Update(string businessId, Func<BusinessSnapshot, BusinessSnapshot> change)
    {
        // One writer per tenant (its grain), so a plain read-modify-write cannot lose an update.
        if (!_businesses.TryGetValue(businessId, out var current))
        {
            throw new InvalidOperationException($"Business '{businessId}' does not exist.");
        }

        _businesses[businessId] = change(current);
    }
}

internal static class ImmutableArrayExtensions
{
    public static int FindIndex<T>(this ImmutableArray<T> items, Func<T, bool> predicate)
    {
        for (var i = 0; i < items.Length; i++)
        {
            if (predicate(items[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
