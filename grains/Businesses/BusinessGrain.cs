using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orchestrator.GrainInterfaces;
using Orchestrator.Grains.Diagnostics;
using Orchestrator.Grains.Escalations;
using Orchestrator.Grains.Integrations;
using Orchestrator.Grains.Limits;
using Orchestrator.Grains.Sessions;
using Orchestrator.Grains.Understanding;

namespace Orchestrator.Grains.Businesses;

/// <summary>
/// One tenant: its catalogue in memory (loaded from the store, written through on every admin change), its caches,
/// and the answering of messages. Thin by design: understanding, caching rules, routing and escalation rules live
/// in <see cref="MessageInterpreter"/>, <see cref="TenantCaches"/>, <see cref="AnswerRouter"/> and
/// <see cref="EscalationPolicy"/>. The tenant's monthly model token budget (<see cref="LlmTokenBudget"/>) is counted
/// here too, where every model call of the tenant is made, and saved behind the calls in grain state.
/// </summary>
public sealed partial class BusinessGrain(
    [PersistentState("llm-budget", StorageNames.Budgets)] IPersistentState<LlmBudgetState> budgetState,
    IBusinessStore store,
    IInteractionStore interactions,
    IIntegrationStore integrations,
    INotificationOutbox outbox,
    MessageInterpreter interpreter,
    EscalationPolicy escalationPolicy,
    IOptions<CacheOptions> cacheOptions,
    IOptions<RateLimitOptions> rateLimits,
    OrchestratorMetrics metrics,
    TimeProvider time,
    ILogger<BusinessGrain> logger) : Grain, IBusinessGrain
{
    /// <summary>Catalogues up to this size are described to the model product by product.</summary>
    private const int ProductNamesForModel = 50;

    /// <summary>The model token budget is saved at most this often while calls are made.</summary>
    private static readonly TimeSpan BudgetSaveInterval = TimeSpan.FromSeconds(5);

    private readonly Dictionary<string, Task<UnderstandingOutcome>> _inflight = new(StringComparer.Ordinal);
    private TenantCaches _caches = null!;
    private TokenBucket? _messageLimit;
    private LlmTokenBudget _budget = null!;
    private Task? _budgetWrite;
    private bool _budgetDirty;
    private DateTimeOffset _budgetSavedAt = DateTimeOffset.MinValue;
    private CancellationTokenSource? _budgetWait;
    private TenantCatalogue? _catalogue;
    private BusinessContext? _modelContext;
    private DateTimeOffset _loadedAt;
    private long _generation;
    private Task? _refresh;

    private string BusinessId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _caches = new TenantCaches(cacheOptions.Value, time, BusinessId, metrics);
        var limits = rateLimits.Value;
        _messageLimit = limits.TenantMessagesPerSecond > 0 ? new TokenBucket(limits.TenantBurst, limits.TenantMessagesPerSecond, time) : null;
        _budget = new LlmTokenBudget(budgetState.State, limits.MonthlyLlmTokens, time);
        Use(await store.LoadAsync(BusinessId, cancellationToken));
    }

    public async Task<AdminResult<BusinessSnapshot>> Create(NewBusiness business)
    {
        if (_catalogue is not null || await store.LoadAsync(BusinessId, CancellationToken.None) is not null)
        {
            return new(AdminStatus.AlreadyExists, null);
        }

        var now = time.GetUtcNow();
        var profile = new BusinessProfile(
            BusinessId, business.Name, business.GreetingMessage ?? ReplyTexts.DefaultGreeting(business.Name),
            business.Meta, now, now, 1);
        var products = business.Products
            .Select(p => new ProductInfo(p.Id ?? NewProductId(), p.Name, p.Price, p.StockQuantity, now))
            .ToImmutableArray();
        var snapshot = new BusinessSnapshot(profile, products);
        if (!await store.CreateAsync(snapshot, CancellationToken.None))
        {
            return new(AdminStatus.AlreadyExists, null);
        }

        Changed(snapshot);
        _caches.InvalidateAll();
        LogCreated(logger, BusinessId, products.Length);
        return new(AdminStatus.Created, snapshot);
    }

    public Task<BusinessSnapshot?> Get() =>
        Task.FromResult(_catalogue is { } catalogue ? new BusinessSnapshot(catalogue.Profile, catalogue.Products) : Missing<BusinessSnapshot>());

    public async Task<bool> Delete()
    {
        var existed = await store.DeleteAsync(BusinessId, CancellationToken.None);
        await interactions.ForgetBusinessAsync(BusinessId, CancellationToken.None);
        foreach (var integration in await integrations.ListAsync(BusinessId, CancellationToken.None))
        {
            await integrations.DeleteAsync(BusinessId, integration.Kind, CancellationToken.None);
        }

        // A tenant created again under the same id must not inherit the old tenant's keys.
        await GrainFactory.GetApiKeys(BusinessId).RevokeAll();
        await ClearBudgetAsync();
        _generation++;
        _catalogue = null;
        _modelContext = null;
        _caches.InvalidateAll();
        DeactivateOnIdle();
        LogDeleted(logger, BusinessId, existed);
        return existed;
    }

    public async Task<AdminResult<BusinessProfile>> ChangeProfile(BusinessChange change)
    {
        if (_catalogue is not { } catalogue)
        {
            return new(AdminStatus.NotFound, null);
        }

        var profile = Next(catalogue.Profile) with
        {
            Name = change.Name ?? catalogue.Profile.Name,
            GreetingMessage = change.GreetingMessage ?? catalogue.Profile.GreetingMessage,
        };
        await store.SaveProfileAsync(profile, CancellationToken.None);
        Changed(new BusinessSnapshot(profile, catalogue.Products));
        _caches.InvalidateGreeting();
        return new(AdminStatus.Ok, profile);
    }

    public async Task<AdminResult<BusinessProfile>> SetMeta(string key, string value)
    {
        if (_catalogue is not { } catalogue)
        {
            return new(AdminStatus.NotFound, null);
        }

        var profile = Next(catalogue.Profile) with { Meta = catalogue.Profile.Meta.SetItem(key, value) };
        await store.SaveProfileAsync(profile, CancellationToken.None);
        Changed(new BusinessSnapshot(profile, catalogue.Products));
        _caches.InvalidateMeta(key);
        return new(AdminStatus.Ok, profile);
    }

    public async Task<AdminResult<BusinessProfile>> RemoveMeta(string key)
    {
        if (_catalogue is not { } catalogue || !catalogue.Profile.Meta.ContainsKey(key))
        {
            return new(AdminStatus.NotFound, null);
        }

        var profile = Next(catalogue.Profile) with { Meta = catalogue.Profile.Meta.Remove(key) };
        await store.SaveProfileAsync(profile, CancellationToken.None);
        Changed(new BusinessSnapshot(profile, catalogue.Products));
        _caches.InvalidateMeta(key);
        return new(AdminStatus.Ok, profile);
    }

    public async Task<AdminResult<ProductInfo>> AddProduct(NewProduct product)
    {
        if (_catalogue is not { } catalogue)
        {
            return new(AdminStatus.NotFound, null);
        }

        if (product.Id is not null && catalogue.FindProduct(product.Id) is not null)
        {
            return new(AdminStatus.AlreadyExists, null);
        }

        var profile = Next(catalogue.Profile);
        var added = new ProductInfo(product.Id ?? NewProductId(), product.Name, product.Price, product.StockQuantity, profile.UpdatedAt);
        await store.SaveProductAsync(profile, added, CancellationToken.None);
        Changed(new BusinessSnapshot(profile, catalogue.Products.Add(added)));
        _caches.InvalidateProduct(added);
        return new(AdminStatus.Created, added);
    }

    public async Task<AdminResult<ProductInfo>> ChangeProduct(string productId, ProductChange change)
    {
        if (_catalogue is not { } catalogue || catalogue.FindProduct(productId) is not { } current)
        {
            return new(AdminStatus.NotFound, null);
        }

        var profile = Next(catalogue.Profile);
        var changed = current with
        {
            Name = change.Name ?? current.Name,
            Price = change.Price ?? current.Price,
            StockQuantity = change.StockQuantity ?? current.StockQuantity,
            UpdatedAt = profile.UpdatedAt,
        };
        await store.SaveProductAsync(profile, changed, CancellationToken.None);
        Changed(new BusinessSnapshot(profile, catalogue.Products.Replace(current, changed)));
        _caches.InvalidateProduct(current, changed);
        return new(AdminStatus.Ok, changed);
    }

    public async Task<AdminStatus> RemoveProduct(string productId)
    {
        if (_catalogue is not { } catalogue || catalogue.FindProduct(productId) is not { } current)
        {
            return AdminStatus.NotFound;
        }

        var profile = Next(catalogue.Profile);
        await store.DeleteProductAsync(profile, productId, CancellationToken.None);
        Changed(new BusinessSnapshot(profile, catalogue.Products.Remove(current)));
        _caches.InvalidateProduct(current);
        return AdminStatus.Ok;
    }

    public async Task<BotAnswer> Answer(AnswerRequest request)
    {
        await RefreshIfStaleAsync();
        if (_catalogue is null)
        {
            Missing<BotAnswer>();
            return BotAnswer.TenantNotFound;
        }

        if (_messageLimit?.TryTake() is { } wait)
        {
            return BotAnswer.RateLimited(wait);
        }

        var key = TurkishText.Normalize(request.Text);
        if (_caches.TryGetAnswer(key, out var fixedAnswer))
        {
            return new BotAnswer(
                AnswerStatus.Answered, fixedAnswer.Text, fixedAnswer.Intent.ToWire(), fixedAnswer.Confidence, null, null,
                fixedAnswer.RawOutput, fixedAnswer.ModelVersion, FromCache: true);
        }

        var outcome = await UnderstandAsync(key, request);

        // Everything below runs after the last await: the catalogue read here is the one current now, so an admin
        // change that completed while the model was thinking is already reflected in this answer.
        if (_catalogue is not { } catalogue)
        {
            return BotAnswer.TenantNotFound;
        }

        var context = new EscalationContext(request.SessionEscalations, escalationPolicy.Options.VipBusinesses.Contains(BusinessId, StringComparer.Ordinal));
        if (escalationPolicy.Decide(outcome, request.Text, context) is { } escalation)
        {
            return Escalate(outcome, escalation, null);
        }

        var understanding = outcome.Understanding!;
        var routed = AnswerRouter.Route(understanding, catalogue, request.ContextProductId);
        if (routed.Kind == RouteKind.MetaKeyMissing)
        {
            return Escalate(outcome, escalationPolicy.ForMissingInfo(understanding.InfoType ?? "", request.Text, context), routed.ProductId);
        }

        if (routed.Kind == RouteKind.Answered && understanding.Intent is Intent.Greeting or Intent.BusinessInfo)
        {
            var metaKey = understanding.Intent == Intent.BusinessInfo && catalogue.TryGetMeta(understanding.InfoType ?? "", out var found, out _)
                ? found
                : null;
            _caches.StoreAnswer(key, new FixedAnswer(
                routed.Text, understanding.Intent, metaKey, understanding.Confidence, outcome.RawOutput ?? "", outcome.ModelVersion ?? ""));
        }

        return new BotAnswer(
            AnswerStatus.Answered, routed.Text, understanding.Intent.ToWire(), understanding.Confidence, routed.ProductId, null,
            outcome.RawOutput, outcome.ModelVersion, outcome.FromCache);
    }

    public Task<CacheInvalidation> InvalidateCaches()
    {
        if (_catalogue is null)
        {
            return Task.FromResult(new CacheInvalidation(false, 0, 0));
        }

        var invalidation = _caches.InvalidateAll();
        LogInvalidated(logger, BusinessId, invalidation.LlmEntriesRemoved, invalidation.AnswerEntriesRemoved);
        return Task.FromResult(invalidation);
    }

    public Task<CacheInvalidation> InvalidateProduct(string productId)
    {
        if (_catalogue is not { } catalogue)
        {
            return Task.FromResult(new CacheInvalidation(false, 0, 0));
        }

        return Task.FromResult(catalogue.FindProduct(productId) is { } product
            ? _caches.InvalidateProduct(product)
            : new CacheInvalidation(true, 0, 0));
    }

    public async Task<AdminResult<IntegrationSettings>> SetIntegration(IntegrationSettings integration)
    {
        if (_catalogue is null)
        {
            return new(AdminStatus.NotFound, Missing<IntegrationSettings>());
        }

        var saved = integration with { BusinessId = BusinessId, UpdatedAt = time.GetUtcNow() };
        return await integrations.SaveAsync(saved, CancellationToken.None)
            ? new(AdminStatus.Ok, saved)
            : new(AdminStatus.AlreadyExists, null);
    }

    public async Task<ImmutableArray<IntegrationSettings>?> GetIntegrations() =>
        _catalogue is null ? MissingList() : [.. await integrations.ListAsync(BusinessId, CancellationToken.None)];

    public async Task<bool> RemoveIntegration(string kind) =>
        _catalogue is not null && await integrations.DeleteAsync(BusinessId, kind, CancellationToken.None);

    public Task<CacheStatistics?> GetCacheStatistics() =>
        Task.FromResult(_catalogue is null ? Missing<CacheStatistics>() : _caches.Statistics(BusinessId));

    public async Task<BusinessStatistics?> GetStatistics()
    {
        if (_catalogue is null)
        {
            return Missing<BusinessStatistics>();
        }

        var statistics = await interactions.StatisticsAsync(BusinessId, CancellationToken.None);
        var notifications = await outbox.StatisticsAsync(BusinessId, CancellationToken.None);
        return statistics with
        {
            Notifications = new NotificationCounts(notifications.Pending, notifications.Delivered, notifications.Failed, notifications.Skipped),
            LlmBudget = _budget.Status(),
        };
    }

    public async Task<AdminResult<LlmBudgetStatus>> SetLlmBudget(long? monthlyTokens)
    {
        if (_catalogue is null)
        {
            return new(AdminStatus.NotFound, Missing<LlmBudgetStatus>());
        }

        _budget.SetLimit(monthlyTokens);
        await SaveBudgetAsync();
        LogBudgetSet(logger, BusinessId, _budget.Limit);
        return new(AdminStatus.Ok, _budget.Status());
    }

    /// <summary>
    /// The understanding of a message: from the cache, from a model call already under way for the same text
    /// (concurrent identical questions cost one call), or from a new call.
    /// </summary>
    private async Task<UnderstandingOutcome> UnderstandAsync(string key, AnswerRequest request)
    {
        if (_caches.TryGetUnderstanding(key, out var cached))
        {
            return new UnderstandingOutcome(
                UnderstandingStatus.Understood, cached.Understanding, null, cached.RawOutput, cached.ModelVersion, TokenUsage.None, 0, FromCache: true);
        }

        if (_inflight.TryGetValue(key, out var pending))
        {
            _caches.CountCoalesced();
            return (await pending) with { ModelCalls = 0 };
        }

        var call = AskModelAsync(key, request);
        if (!call.IsCompleted)
        {
            _inflight[key] = call;
        }

        return await call;
    }

    private async Task<UnderstandingOutcome> AskModelAsync(string key, AnswerRequest request)
    {
        try
        {
            // A spent budget: the local model understands the message instead (no tokens). Its understanding is not
            // cached, so the configured model answers the same question again once the budget allows.
            var fallback = _budget.IsSpent();
            if (fallback)
            {
                _budget.CountFallback();
                metrics.BudgetFallback(BusinessId);
            }

            var outcome = await interpreter.InterpretAsync(
                new ModelRequest(request.Text, request.History, _modelContext!), CancellationToken.None, fallback);
            _caches.CountModelCall(outcome);
            if (!fallback)
            {
                _caches.StoreUnderstanding(key, outcome);
            }

            if (_budget.Charge(outcome.Usage.TotalTokens) || fallback)
            {
                SaveBudgetBehind();
            }

            return outcome;
        }
        finally
        {
            _inflight.Remove(key);
        }
    }

    /// <summary>
    /// Saves the budget without holding up the answer and without a write per model call: at most one write per
    /// <see cref="BudgetSaveInterval"/>, the latest counters each time (a crash loses at most that much counting).
    /// </summary>
    private void SaveBudgetBehind()
    {
        _budgetDirty = true;
        if (_budgetWrite is null)
        {
            var write = WriteBudgetAsync(wait: true);
            if (!write.IsCompleted)
            {
                _budgetWrite = write;
            }
        }
    }

    /// <summary>Saves the budget now (an admin change, deactivation), cutting short a write that is waiting its turn.</summary>
    private async Task SaveBudgetAsync()
    {
        _budgetDirty = true;
        if (_budgetWrite is { } pending)
        {
            _budgetWait?.Cancel();
            await pending;
        }

        if (_budgetDirty)
        {
            var write = WriteBudgetAsync(wait: false);
            if (!write.IsCompleted)
            {
                _budgetWrite = write;
            }

            await write;
        }
    }

    private async Task WriteBudgetAsync(bool wait)
    {
        try
        {
            var due = _budgetSavedAt + BudgetSaveInterval - time.GetUtcNow();
            if (wait && due > TimeSpan.Zero)
            {
                using var cancel = _budgetWait = new CancellationTokenSource();
                try
                {
                    await Task.Delay(due, time, cancel.Token);
                }
                catch (OperationCanceledException)
                {
                    // Asked to save now.
                }
                finally
                {
                    _budgetWait = null;
                }
            }

            while (_budgetDirty)
            {
                _budgetDirty = false;
                await budgetState.WriteStateAsync();
                _budgetSavedAt = time.GetUtcNow();
            }
        }
        catch (Exception exception)
        {
            // The counters stay in memory and are written with the next change or at deactivation.
            _budgetDirty = true;
            LogBudgetWriteFailed(logger, exception, BusinessId);
        }
        finally
        {
            _budgetWrite = null;
        }
    }

    private async Task ClearBudgetAsync()
    {
        if (_budgetWrite is { } write)
        {
            await write;
        }

        await budgetState.ClearStateAsync();
        _budgetDirty = false;
        _budget = new LlmTokenBudget(budgetState.State, rateLimits.Value.MonthlyLlmTokens, time);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_budgetDirty && _catalogue is not null)
        {
            await SaveBudgetAsync();
        }
    }

    private BotAnswer Escalate(UnderstandingOutcome outcome, EscalationRequest escalation, string? productId)
    {
        LogEscalating(logger, BusinessId, escalation.Reason, escalation.Priority);
        return new BotAnswer(
            AnswerStatus.Escalate, "", outcome.Understanding?.Intent.ToWire(), outcome.Understanding?.Confidence, productId, escalation,
            outcome.RawOutput, outcome.ModelVersion, outcome.FromCache);
    }

    /// <summary>Re-reads the catalogue once its time to live has passed, so edits made outside the API show up.</summary>
    private Task RefreshIfStaleAsync()
    {
        if (_catalogue is null || time.GetUtcNow() - _loadedAt < cacheOptions.Value.CatalogueTtl)
        {
            return Task.CompletedTask;
        }

        return _refresh ??= RefreshAsync();
    }

    private async Task RefreshAsync()
    {
        var generation = _generation;
        try
        {
            var snapshot = await store.LoadAsync(BusinessId, CancellationToken.None);

            // An admin change that completed during the read is newer than what was read: keep it.
            if (generation == _generation)
            {
                var before = _catalogue?.Version;
                Use(snapshot);
                if (snapshot is null || snapshot.Profile.Version != before)
                {
                    _caches.InvalidateAll();
                }
            }
        }
        finally
        {
            _refresh = null;
        }
    }

    private void Use(BusinessSnapshot? snapshot)
    {
        _loadedAt = time.GetUtcNow();
        if (snapshot is null)
        {
            _catalogue = null;
            _modelContext = null;
            return;
        }

        _catalogue = new TenantCatalogue(snapshot.Profile, snapshot.Products);
        _modelContext = new BusinessContext(
            snapshot.Profile.Id,
            snapshot.Profile.Name,
            [.. snapshot.Profile.Meta.Keys],
            snapshot.Products.Length <= ProductNamesForModel ? [.. snapshot.Products.Select(p => p.Name)] : []);
    }

    /// <summary>
    /// Unknown tenants are asked about by bad requests: let such an activation go when the call ends, rather than
    /// keep one in memory per invented id. (Not in OnActivateAsync: the call that activates may be the Create.)
    /// </summary>
    private T? Missing<T>()
        where T : class
    {
        DeactivateOnIdle();
        return null;
    }

    private ImmutableArray<IntegrationSettings>? MissingList()
    {
        DeactivateOnIdle();
        return null;
    }

    private void Changed(BusinessSnapshot snapshot)
    {
        _generation++;
        Use(snapshot);
    }

    private BusinessProfile Next(BusinessProfile profile) =>
        profile with { Version = profile.Version + 1, UpdatedAt = time.GetUtcNow() };

    private static string NewProductId() => Guid.NewGuid().ToString("N");

    [LoggerMessage(Level = LogLevel.Information, Message = "Business {BusinessId} created with {ProductCount} products")]
    private static partial void LogCreated(ILogger logger, string businessId, int productCount);

    [LoggerMessage(Level = LogLevel.Information, Message = "Business {BusinessId} deleted (existed: {Existed})")]
    private static partial void LogDeleted(ILogger logger, string businessId, bool existed);

    [LoggerMessage(Level = LogLevel.Information, Message = "Caches of {BusinessId} invalidated: {LlmEntries} understandings, {AnswerEntries} answers")]
    private static partial void LogInvalidated(ILogger logger, string businessId, int llmEntries, int answerEntries);

    [LoggerMessage(Level = LogLevel.Information, Message = "Monthly model token limit of {BusinessId} set to {Limit} (0: unlimited)")]
    private static partial void LogBudgetSet(ILogger logger, string businessId, long limit);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The model token budget of {BusinessId} could not be saved; retried with the next change")]
    private static partial void LogBudgetWriteFailed(ILogger logger, Exception exception, string businessId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Business {BusinessId} escalates: {Reason}, priority {Priority}")]
    private static partial void LogEscalating(ILogger logger, string businessId, EscalationReason reason, TicketPriority priority);
}
