using System.Collections.Frozen;
using System.Collections.Immutable;
using Orchestrator.GrainInterfaces;
using Orchestrator.Grains.Understanding;

namespace Orchestrator.Grains.Businesses;

/// <summary>
/// An immutable view of one version of a tenant's data, with the lookups built once: products by id, the product
/// matcher, and meta values by their normalised key. A change produces a new catalogue.
/// </summary>
public sealed class TenantCatalogue
{
    private readonly FrozenDictionary<string, ProductInfo> _productsById;
    private readonly FrozenDictionary<string, string> _metaKeysByNormalizedKey;
    private readonly Lazy<ProductMatcher> _matcher;

    public TenantCatalogue(BusinessProfile profile, ImmutableArray<ProductInfo> products)
    {
        Profile = profile;
        Products = products;
        _productsById = products.ToFrozenDictionary(p => p.Id, StringComparer.Ordinal);
        _metaKeysByNormalizedKey = profile.Meta.Keys
            .GroupBy(NormalizeKey, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        _matcher = new Lazy<ProductMatcher>(() => new ProductMatcher(products), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public BusinessProfile Profile { get; }

    public ImmutableArray<ProductInfo> Products { get; }

    public string BusinessId => Profile.Id;

    public long Version => Profile.Version;

    public ProductMatcher Matcher => _matcher.Value;

    public ProductInfo? FindProduct(string? productId) =>
        productId is not null && _productsById.TryGetValue(productId, out var product) ? product : null;

    /// <summary>
    /// Finds a meta value by the key a model named. Tolerant of case, diacritics, and of spaces, hyphens or
    /// underscores between words ("İade", "iade", "IADE" all find <c>iade</c>; "calisma saatleri" finds
    /// <c>calisma_saatleri</c>).
    /// </summary>
    public bool TryGetMeta(string infoType, out string key, out string value)
    {
        if (_metaKeysByNormalizedKey.TryGetValue(NormalizeKey(infoType), out var found))
        {
            key = found;
            value = Profile.Meta[found];
            return true;
        }

        key = "";
        value = "";
        return false;
    }

    /// <summary>The normalised form of a meta key: the matching form with its words joined by underscores.</summary>
    public static string NormalizeKey(string key) => TurkishText.Normalize(key.Replace('_', ' ').Replace('-', ' ')).Replace(' ', '_');
}
