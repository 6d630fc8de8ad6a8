using System.Collections.Immutable;

namespace Orchestrator.GrainInterfaces;

/// <summary>A product in a tenant's catalogue.</summary>
[GenerateSerializer, Immutable, Alias("orch.product")]
public sealed record ProductInfo(string Id, string Name, decimal Price, int StockQuantity, DateTimeOffset UpdatedAt);

/// <summary>A tenant (shop): its profile and meta information, without the catalogue.</summary>
/// <param name="Meta">Meta values by key (<c>iade</c>, <c>kargo</c>, <c>telefon</c>, ...), keys in lower case.</param>
/// <param name="Version">Incremented by every change to the profile, meta or catalogue.</param>
[GenerateSerializer, Immutable, Alias("orch.business-profile")]
public sealed record BusinessProfile(
    string Id,
    string Name,
    string GreetingMessage,
    ImmutableSortedDictionary<string, string> Meta,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    long Version);

/// <summary>A tenant with its whole catalogue, as read by the admin API.</summary>
[GenerateSerializer, Immutable, Alias("orch.business-snapshot")]
public sealed record BusinessSnapshot(BusinessProfile Profile, ImmutableArray<ProductInfo> Products);

/// <summary>One line of the tenant list.</summary>
[GenerateSerializer, Immutable, Alias("orch.business-summary")]
public sealed record BusinessSummary(string Id, string Name, int ProductCount, DateTimeOffset CreatedAt);

/// <summary>A page of the tenant list.</summary>
[GenerateSerializer, Immutable, Alias("orch.business-page")]
public sealed record BusinessPage(ImmutableArray<BusinessSummary> Items, int Offset, int Limit, int Total);

/// <summary>A product to create. A null <paramref name="Id"/> lets the tenant grain assign one.</summary>
[GenerateSerializer, Immutable, Alias("orch.new-product")]
public sealed record NewProduct(string? Id, string Name, decimal Price, int StockQuantity);

/// <summary>A tenant to create, with its meta and (optionally) its whole catalogue in one call.</summary>
[GenerateSerializer, Immutable, Alias("orch.new-business")]
public sealed record NewBusiness(
    string Name,
    string? GreetingMessage,
    ImmutableSortedDictionary<string, string> Meta,
    ImmutableArray<NewProduct> Products);

/// <summary>A partial product update: null fields stay as they are.</summary>
[GenerateSerializer, Immutable, Alias("orch.product-change")]
public sealed record ProductChange(string? Name, decimal? Price, int? StockQuantity);

/// <summary>A partial profile update: null fields stay as they are.</summary>
[GenerateSerializer, Immutable, Alias("orch.business-change")]
public sealed record BusinessChange(string? Name, string? GreetingMessage);

/// <summary>How an admin operation on a tenant ended.</summary>
public enum AdminStatus
{
    /// <summary>Done; the value is the new state.</summary>
    Ok,
    /// <summary>Created; the value is the new state.</summary>
    Created,
    /// <summary>The tenant, product or meta key does not exist.</summary>
    NotFound,
    /// <summary>A tenant or product with that id already exists.</summary>
    AlreadyExists,
}

/// <summary>The outcome of an admin operation and, when it succeeded, the resulting state.</summary>
[GenerateSerializer, Immutable, Alias("orch.admin-result`1")]
public sealed record AdminResult<T>(AdminStatus Status, T? Value)
    where T : class
{
    public bool Succeeded => Status is AdminStatus.Ok or AdminStatus.Created;
}

/// <summary>Conversation statistics of a tenant since it was created.</summary>
[GenerateSerializer, Immutable, Alias("orch.business-statistics")]
public sealed record BusinessStatistics(
    string BusinessId,
    long Messages,
    long Sessions,
    long Users,
    long Escalations,
    ImmutableSortedDictionary<string, long> Intents,
    ImmutableSortedDictionary<string, long> Platforms,
    double AverageResponseMs,
    DateTimeOffset? LastMessageAt,
    NotificationCounts? Notifications = null,
    LlmBudgetStatus? LlmBudget = null);

/// <summary>Escalation notifications of a tenant by delivery state; failed ones gave up after their retries.</summary>
[GenerateSerializer, Immutable, Alias("orch.notification-counts")]
public sealed record NotificationCounts(long Pending, long Delivered, long Failed, long Skipped);

/// <summary>A tenant's model token budget for the current month (UTC).</summary>
/// <param name="MonthlyLimit">Tokens allowed per month; 0 is unlimited.</param>
/// <param name="IsDefault">True when the limit comes from settings, false when the operator set this tenant's own.</param>
/// <param name="Remaining">Tokens left this month; null when unlimited.</param>
/// <param name="Spent">True when the month's tokens are used up: messages are understood by the caches and the local model.</param>
/// <param name="FallbackAnswers">Messages this month understood by the local model because the budget was spent.</param>
[GenerateSerializer, Immutable, Alias("orch.llm-budget-status")]
public sealed record LlmBudgetStatus(
    string Month,
    long MonthlyLimit,
    bool IsDefault,
    long UsedTokens,
    long? Remaining,
    bool Spent,
    long FallbackAnswers);
