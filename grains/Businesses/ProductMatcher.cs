using Orchestrator.GrainInterfaces;

namespace Orchestrator.Grains.Businesses;

/// <summary>
/// Finds the product a user means, the Turkish way: case- and diacritic-insensitive, tolerant of suffixes
/// ("geceliğin"), consonant softening (k→ğ) and typos ("gecelıgın"). Built once per catalogue version.
/// </summary>
public sealed class ProductMatcher
{
    public ProductMatcher(IEnumerable<ProductInfo> products) => throw new NotImplementedException();

    /// <summary>Matches a product phrase (as the user wrote it) against the catalogue.</summary>
    public ProductMatch Match(string phrase) => throw new NotImplementedException();
}

/// <summary>How a product phrase matched.</summary>
public enum ProductMatchKind
{
    /// <summary>One product is clearly meant.</summary>
    Single,
    /// <summary>Several products match equally well; the user must choose.</summary>
    Ambiguous,
    /// <summary>No product matches.</summary>
    NotFound,
}

/// <summary>A match result.</summary>
/// <param name="Product">The product, for <see cref="ProductMatchKind.Single"/>.</param>
/// <param name="Candidates">For Single: the product. For Ambiguous: the products to choose from, best first (at most
/// five). For NotFound: the closest names as suggestions, best first (at most three, possibly none).</param>
public sealed record ProductMatch(ProductMatchKind Kind, ProductInfo? Product, IReadOnlyList<ProductInfo> Candidates);
