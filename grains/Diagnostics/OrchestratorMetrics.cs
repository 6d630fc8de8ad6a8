using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;

namespace Orchestrator.Grains.Diagnostics;

/// <summary>Telemetry settings (section <c>Telemetry</c>).</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>
    /// Tag pipeline metrics with the tenant id. One series per tenant is fine for hundreds of tenants; turn it off
    /// for very many, where the metrics backend would pay for the cardinality.
    /// </summary>
    public bool TagBusinessId { get; set; } = true;
}

/// <summary>
/// The pipeline's metrics (meter <c>Orchestrator</c>): messages and their latency, intents, escalations, cache
/// lookups and what the caches saved. Exported by OpenTelemetry (Prometheus <c>/metrics</c>, OTLP).
/// </summary>
public sealed class OrchestratorMetrics
{
    public const string MeterName = "Orchestrator";

    private readonly bool _tagBusiness;
    private readonly Counter<long> _messages;
    private readonly Histogram<double> _messageDuration;
    private readonly Counter<long> _escalations;
    private readonly Counter<long> _cacheLookups;
    private readonly Counter<long> _cacheRemovals;
    private readonly Counter<long> _llmCallsSaved;
    private readonly Counter<long> _tokensSaved;
    private readonly Counter<long> _notifications;
    private readonly Counter<long> _budgetFallbacks;

    public OrchestratorMetrics(IMeterFactory meterFactory, IOptions<TelemetryOptions> options)
    {
        _tagBusiness = options.Value.TagBusinessId;
        var meter = meterFactory.Create(MeterName);
        _messages = meter.CreateCounter<long>("orchestrator.messages", "{message}", "Messages handled, by platform, intent and outcome.");
        _messageDuration = meter.CreateHistogram<double>("orchestrator.message.duration", "ms", "Time from receipt in the silo to the recorded answer.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000] });
        _escalations = meter.CreateCounter<long>("orchestrator.escalations", "{escalation}", "Conversations handed to a person, by reason and priority.");
        _cacheLookups = meter.CreateCounter<long>("orchestrator.cache.lookups", "{lookup}", "Cache lookups by cache (llm, answer) and result (hit, miss).");
        _cacheRemovals = meter.CreateCounter<long>("orchestrator.cache.removals", "{entry}", "Entries leaving a cache, by cause (eviction, expiration, invalidation).");
        _llmCallsSaved = meter.CreateCounter<long>("orchestrator.cache.llm_calls_saved", "{call}", "Model calls avoided by the caches and by coalescing.");
        _tokensSaved = meter.CreateCounter<long>("orchestrator.cache.tokens_saved", "{token}", "Estimated model tokens avoided.");
        _budgetFallbacks = meter.CreateCounter<long>("orchestrator.llm.budget_fallbacks", "{message}", "Messages understood by the local model because the tenant's monthly token budget was spent.");
        _notifications = meter.CreateCounter<long>("orchestrator.notifications", "{attempt}", "Notification delivery attempts by channel and outcome (delivered, retry, permanent, skipped).");
    }

    public void Message(string businessId, string platform, string? intent, string outcome, double durationMs)
    {
        var tags = Tags(businessId);
        tags.Add("platform", platform);
        tags.Add("intent", intent ?? "none");
        tags.Add("outcome", outcome);
        _messages.Add(1, tags);
        var durationTags = Tags(businessId);
        durationTags.Add("outcome", outcome);
        _messageDuration.Record(durationMs, durationTags);
    }

    public void Escalation(string businessId, string reason, string priority)
    {
        var tags = Tags(businessId);
        tags.Add("reason", reason);
        tags.Add("priority", priority);
        _escalations.Add(1, tags);
    }

    public void CacheLookup(string businessId, string cache, bool hit)
    {
        var tags = Tags(businessId);
        tags.Add("cache", cache);
        tags.Add("result", hit ? "hit" : "miss");
        _cacheLookups.Add(1, tags);
    }

    public void CacheRemoval(string businessId, string cache, string cause, long count)
    {
        if (count == 0)
        {
            return;
        }

        var tags = Tags(businessId);
        tags.Add("cache", cache);
        tags.Add("cause", cause);
        _cacheRemovals.Add(count, tags);
    }

    public void Saved(string businessId, long calls, long tokens)
    {
        var tags = Tags(businessId);
        _llmCallsSaved.Add(calls, tags);
        if (tokens > 0)
        {
            _tokensSaved.Add(tokens, tags);
        }
    }

    public void BudgetFallback(string businessId) => _budgetFallbacks.Add(1, Tags(businessId));

    public void Notification(string businessId, string channel, string outcome)
    {
        var tags = Tags(businessId);
        tags.Add("channel", channel);
        tags.Add("outcome", outcome);
        _notifications.Add(1, tags);
    }

    private TagList Tags(string businessId)
    {
        var tags = default(TagList);
        if (_tagBusiness)
        {
            tags.Add("business_id", businessId);
        }

        return tags;
    }
}
