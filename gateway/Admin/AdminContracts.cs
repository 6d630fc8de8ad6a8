using System.Collections.Immutable;
using Orchestrator.GrainInterfaces;

namespace Orchestrator.Gateway.Admin;

/// <summary>A tenant to create, with its meta and catalogue (the same shape as the seed file).</summary>
public sealed record CreateBusinessRequest(
    string? Id,
    string? Name,
    string? GreetingMessage,
    Dictionary<string, string>? MetaData,
    CreateProductRequest[]? Products);

/// <summary>A product to create. Without an id, one is assigned.</summary>
public sealed record CreateProductRequest(string? Id, string? Name, decimal? Price, int? StockQuantity);

/// <summary>A partial product update (the original design sends <c>price</c> and <c>stock_quantity</c>).</summary>
public sealed record UpdateProductRequest(string? Name, decimal? Price, int? StockQuantity);

/// <summary>A partial tenant update.</summary>
public sealed record UpdateBusinessRequest(string? Name, string? GreetingMessage);

/// <summary>The original design's meta update: <c>info_type</c> is the key, <c>new_value</c> its text.</summary>
public sealed record UpdateMetaRequest(string? InfoType, string? NewValue);

public sealed record ProductResponse(string Id, string Name, decimal Price, int StockQuantity, DateTimeOffset UpdatedAt)
{
    public static ProductResponse From(ProductInfo product) =>
        new(product.Id, product.Name, product.Price, product.StockQuantity, product.UpdatedAt);
}

public sealed record BusinessResponse(
    string Id,
    string Name,
    string GreetingMessage,
    ImmutableSortedDictionary<string, string> MetaData,
    ProductResponse[]? Products,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static BusinessResponse From(BusinessProfile profile, IEnumerable<ProductInfo>? products) => new(
        profile.Id, profile.Name, profile.GreetingMessage, profile.Meta, products?.Select(ProductResponse.From).ToArray(),
        profile.Version, profile.CreatedAt, profile.UpdatedAt);
}

public sealed record BusinessSummaryResponse(string Id, string Name, int ProductCount, DateTimeOffset CreatedAt);

public sealed record BusinessListResponse(BusinessSummaryResponse[] Items, int Offset, int Limit, int Total);

public sealed record ProductListResponse(string IsletmeId, ProductResponse[] Items);

public sealed record CacheInvalidationResponse(bool Success, string IsletmeId, string? ProductId, int LlmEntriesRemoved, int AnswerEntriesRemoved);

public sealed record CacheCountersResponse(
    int Entries, long Hits, long Misses, double HitRate, long Evictions, long Expirations, long Invalidations)
{
    public static CacheCountersResponse From(CacheCounters counters) => new(
        counters.Entries, counters.Hits, counters.Misses, Math.Round(counters.HitRate, 4), counters.Evictions,
        counters.Expirations, counters.Invalidations);
}

public sealed record CacheStatisticsResponse(
    string IsletmeId,
    CacheCountersResponse LlmCache,
    CacheCountersResponse AnswerCache,
    long LlmCalls,
    long LlmCallsSaved,
    long CoalescedRequests,
    long EstimatedTokensSaved,
    ImmutableSortedDictionary<string, string> Settings);
