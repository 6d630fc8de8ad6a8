using Orleans.Concurrency;

namespace Orchestrator.GrainInterfaces;

/// <summary>
/// One tenant (shop), keyed by its id (<c>isletme_id</c>). Owns the profile, meta, catalogue and the caches; it is
/// the single place that answers from the tenant's data, so an admin update is visible to every later answer in
/// the cluster as soon as the update returns.
/// </summary>
[Alias("orch.business")]
public interface IBusinessGrain : IGrainWithStringKey
{
    /// <summary>Creates the tenant with its meta and catalogue. <see cref="AdminStatus.AlreadyExists"/> if it exists.</summary>
    [Alias("create")]
    Task<AdminResult<BusinessSnapshot>> Create(NewBusiness business);

    /// <summary>The tenant with its catalogue, or null when it does not exist.</summary>
    [Alias("get")]
    Task<BusinessSnapshot?> Get();

    /// <summary>Deletes the tenant, its catalogue and its caches. False when it did not exist.</summary>
    [Alias("delete")]
    Task<bool> Delete();

    /// <summary>Changes the name or greeting.</summary>
    [Alias("change-profile")]
    Task<AdminResult<BusinessProfile>> ChangeProfile(BusinessChange change);

    /// <summary>Sets a meta value (return policy, shipping, phone, ...), creating the key if needed.</summary>
    [Alias("set-meta")]
    Task<AdminResult<BusinessProfile>> SetMeta(string key, string value);

    /// <summary>Removes a meta key.</summary>
    [Alias("remove-meta")]
    Task<AdminResult<BusinessProfile>> RemoveMeta(string key);

    /// <summary>Adds a product. <see cref="AdminStatus.AlreadyExists"/> if the id is taken.</summary>
    [Alias("add-product")]
    Task<AdminResult<ProductInfo>> AddProduct(NewProduct product);

    /// <summary>Changes a product's name, price or stock.</summary>
    [Alias("change-product")]
    Task<AdminResult<ProductInfo>> ChangeProduct(string productId, ProductChange change);

    /// <summary>Removes a product.</summary>
    [Alias("remove-product")]
    Task<AdminStatus> RemoveProduct(string productId);

    /// <summary>
    /// Understands a user's message and answers it from the tenant's data, or decides to escalate.
    /// </summary>
    /// <remarks>
    /// Interleaved so that a slow model call for one message does not hold up the tenant's other messages or admin
    /// updates. Safe because the grain reads its catalogue only after the last await of this method and changes
    /// its state only in synchronous sections, so every answer uses the catalogue current when it is rendered.
    /// </remarks>
    [Alias("answer"), AlwaysInterleave]
    Task<BotAnswer> Answer(AnswerRequest request);

    /// <summary>Empties the tenant's caches.</summary>
    [Alias("invalidate-caches")]
    Task<CacheInvalidation> InvalidateCaches();

    /// <summary>Removes the cached entries that concern one product.</summary>
    [Alias("invalidate-product")]
    Task<CacheInvalidation> InvalidateProduct(string productId);

    /// <summary>The tenant's cache statistics, or null when the tenant does not exist.</summary>
    [Alias("cache-statistics")]
    Task<CacheStatistics?> GetCacheStatistics();

    /// <summary>
    /// Sets (replaces) one of the tenant's integrations. <see cref="AdminStatus.AlreadyExists"/> when another tenant
    /// uses the same platform identity (WhatsApp number).
    /// </summary>
    [Alias("set-integration")]
    Task<AdminResult<IntegrationSettings>> SetIntegration(IntegrationSettings integration);

    /// <summary>The tenant's integrations (with their secrets: callers mask them), or null when the tenant does not exist.</summary>
    [Alias("get-integrations")]
    Task<System.Collections.Immutable.ImmutableArray<IntegrationSettings>?> GetIntegrations();

    /// <summary>Removes an integration. False when there was none of that kind.</summary>
    [Alias("remove-integration")]
    Task<bool> RemoveIntegration(string kind);

    /// <summary>The tenant's conversation statistics, or null when the tenant does not exist.</summary>
    [Alias("statistics")]
    Task<BusinessStatistics?> GetStatistics();

    /// <summary>
    /// Sets the tenant's monthly model token limit: a number of tokens, 0 for unlimited, null for the default from
    /// settings. Takes effect on the next message.
    /// </summary>
    [Alias("set-llm-budget")]
    Task<AdminResult<LlmBudgetStatus>> SetLlmBudget(long? monthlyTokens);
}
