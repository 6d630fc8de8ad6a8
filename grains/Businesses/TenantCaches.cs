using System.Collections.Immutable;
using System.Globalization;
using Orchestrator.GrainInterfaces;
using Orchestrator.Grains.Diagnostics;
using Orchestrator.Grains.Understanding;

namespace Orchestrator.Grains.Businesses;

/// <summary>
/// A tenant's two caches and their policy, kept apart from the grain so the rules are testable without a cluster.
/// <list type="bullet">
/// <item>The understanding cache maps a normalised message to the model's validated understanding. It holds no
/// prices or stock: answers are rendered from the current catalogue on every hit, so a catalogue change can never
/// surface a stale price through it.</item>
/// <item>The fixed-answer cache maps a normalised message to a rendered answer that depends only on tenant meta or
/// the greeting, so a repeated "iade politikanız nedir?" skips the model and the router entirely.</item>
/// </list>
/// </summary>
public sealed class TenantCaches
{
    private const string LlmCache = "llm";
    private const string AnswerCache = "answer";

    private readonly CacheOptions _options;
    private readonly string _businessId;
    private readonly OrchestratorMetrics? _metrics;
    private readonly ExpiringLruCache<string, CachedUnderstanding> _understandings;
    private readonly ExpiringLruCache<string, FixedAnswer> _answers;
    private long _modelCalls;
    private long _modelTokens;
    private long _coalesced;

    public TenantCaches(CacheOptions options, TimeProvider time, string businessId = "", OrchestratorMetrics? metrics = null)
    {
        _options = options;
        _businessId = businessId;
        _metrics = metrics;
        _understandings = new(options.MaxEntriesPerBusiness, options.LlmTtl, time, StringComparer.Ordinal);
        _answers = new(options.MaxEntriesPerBusiness, options.AnswerTtl, time, StringComparer.Ordinal);
        if (metrics is not null)
        {
            _understandings.Removed = (cause, count) => metrics.CacheRemoval(businessId, LlmCache, cause, count);
            _answers.Removed = (cause, count) => metrics.CacheRemoval(businessId, AnswerCache, cause, count);
        }
    }

    public bool Enabled => _options.Enabled;

    public bool TryGetAnswer(string normalizedText, out FixedAnswer answer)
    {
        answer = null!;
        return _options.Enabled && Counted(AnswerCache, _answers.TryGet(normalizedText, out answer));
    }

    public bool TryGetUnderstanding(string normalizedText, out CachedUnderstanding understanding)
    {
        understanding = null!;
        return _options.Enabled && Counted(LlmCache, _understandings.TryGet(normalizedText, out understanding));
    }

    /// <summary>
    /// Caches an understanding when the policy allows: only valid results (never an escalation caused by a model
    /// fault), and only when the understanding can be read from the message alone.
    /// </summary>
    public bool StoreUnderstanding(string normalizedText, UnderstandingOutcome outcome)
    {
        if (!_options.Enabled || normalizedText.Length == 0 || !IsCacheable(outcome, normalizedText))
        {
            return false;
        }

        _understandings.Set(normalizedText, new CachedUnderstanding(outcome.Understanding!, outcome.RawOutput ?? "", outcome.ModelVersion ?? ""));
        return true;
    }

    /// <summary>Caches a rendered answer that depends only on meta or the greeting.</summary>
    public bool StoreAnswer(string normalizedText, FixedAnswer answer)
    {
        if (!_options.Enabled || normalizedText.Length == 0 || answer.Intent is not (Intent.Greeting or Intent.BusinessInfo))
        {
            return false;
        }

        _answers.Set(normalizedText, answer);
        return true;
    }

    /// <summary>
    /// True when an understanding may be reused for the same text from anyone: it is valid, and the product it
    /// names appears in the message itself. A model given the conversation may resolve "peki stok?" to the product
    /// of an earlier turn; that understanding belongs to one conversation and must not be served to another.
    /// </summary>
    public static bool IsCacheable(UnderstandingOutcome outcome, string normalizedText)
    {
        if (outcome.Status != UnderstandingStatus.Understood || outcome.Understanding is not { } understanding)
        {
            return false;
        }

        if (understanding.Product is not { } product)
        {
            return true;
        }

        var messageWords = normalizedText.Split(' ');
        foreach (var word in TurkishText.Tokenize(product))
        {
            if (Array.IndexOf(messageWords, word) < 0)
            {
                return false;
            }
        }

        return true;
    }

    public void CountModelCall(UnderstandingOutcome outcome)
    {
        _modelCalls += outcome.ModelCalls;
        _modelTokens += outcome.Usage.TotalTokens;
    }

    public void CountCoalesced()
    {
        _coalesced++;
        _metrics?.Saved(_businessId, 1, AverageTokens);
    }

    private long AverageTokens => _modelCalls == 0 ? 0 : _modelTokens / _modelCalls;

    private bool Counted(string cache, bool hit)
    {
        _metrics?.CacheLookup(_businessId, cache, hit);
        if (hit)
        {
            _metrics?.Saved(_businessId, 1, AverageTokens);
        }

        return hit;
    }

    public CacheInvalidation InvalidateAll() => new(true, _understandings.Clear(), _answers.Clear());

    /// <summary>Removes understandings whose product phrase means this product (under its old or new name).</summary>
    public CacheInvalidation InvalidateProduct(params ReadOnlySpan<ProductInfo> versions)
    {
        if (versions.IsEmpty)
        {
            return new CacheInvalidation(true, 0, 0);
        }

        var matcher = new ProductMatcher(versions.ToArray());
        var removed = _understandings.RemoveWhere((_, entry) =>
            entry.Understanding.Product is { } phrase && matcher.Match(phrase).Kind != ProductMatchKind.NotFound);
        return new CacheInvalidation(true, removed, 0);
    }

    /// <summary>Removes fixed answers rendered from one meta key.</summary>
    public CacheInvalidation InvalidateMeta(string metaKey)
    {
        var normalized = TenantCatalogue.NormalizeKey(metaKey);
        var removed = _answers.RemoveWhere((_, answer) => answer.MetaKey is { } key && TenantCatalogue.NormalizeKey(key) == normalized);
        return new CacheInvalidation(true, 0, removed);
    }

    /// <summary>Removes fixed answers rendered from the greeting.</summary>
    public CacheInvalidation InvalidateGreeting() =>
        new(true, 0, _answers.RemoveWhere((_, answer) => answer.Intent == Intent.Greeting));

    public CacheStatistics Statistics(string businessId)
    {
        var llm = _understandings.Counters;
        var answers = _answers.Counters;
        var saved = llm.Hits + answers.Hits + _coalesced;
        var averageTokens = AverageTokens;
        var settings = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, new Dictionary<string, string>
        {
            ["enabled"] = _options.Enabled ? "true" : "false",
            ["llm_ttl_seconds"] = _options.LlmTtl.TotalSeconds.ToString(CultureInfo.InvariantCulture),
            ["answer_ttl_seconds"] = _options.AnswerTtl.TotalSeconds.ToString(CultureInfo.InvariantCulture),
            ["catalogue_ttl_seconds"] = _options.CatalogueTtl.TotalSeconds.ToString(CultureInfo.InvariantCulture),
            ["max_entries"] = _options.MaxEntriesPerBusiness.ToString(CultureInfo.InvariantCulture),
        });
        return new CacheStatistics(businessId, llm, answers, _modelCalls, saved, _coalesced, saved * averageTokens, settings);
    }
}

/// <summary>A cached understanding, with what is recorded about the model answer it came from.</summary>
public sealed record CachedUnderstanding(MessageUnderstanding Understanding, string RawOutput, string ModelVersion);

/// <summary>A cached rendered answer that depends only on tenant meta or the greeting.</summary>
public sealed record FixedAnswer(string Text, Intent Intent, string? MetaKey, double Confidence, string RawOutput, string ModelVersion);
