using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Orchestrator.Grains.Diagnostics;

/// <summary>
/// Metrics and trace spans of model calls (meter and activity source <c>Orchestrator.Llm</c>): latency, outcome
/// (<c>ok</c>, <c>invalid</c>, <c>low_confidence</c>, <c>unavailable</c> with the error kind) and tokens.
/// </summary>
public sealed class LlmTelemetry
{
    public const string Name = "Orchestrator.Llm";

    public static readonly ActivitySource Source = new(Name);

    private readonly Histogram<double> _duration;
    private readonly Counter<long> _calls;
    private readonly Counter<long> _tokens;

    public LlmTelemetry(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(Name);
        _duration = meter.CreateHistogram<double>("orchestrator.llm.duration", "ms", "Model call latency, retries included.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000] });
        _calls = meter.CreateCounter<long>("orchestrator.llm.calls", "{call}", "Model calls by provider, outcome and error kind.");
        _tokens = meter.CreateCounter<long>("orchestrator.llm.tokens", "{token}", "Tokens reported by the provider, by type (prompt, candidates, total).");
    }

    public static Activity? Start(string provider, bool repair)
    {
        var activity = Source.StartActivity(repair ? "llm repair" : "llm understand", ActivityKind.Client);
        activity?.SetTag("gen_ai.system", provider);
        return activity;
    }

    public void Record(Activity? activity, string provider, string outcome, string? errorKind, double milliseconds, Understanding.TokenUsage usage, string? modelVersion)
    {
        var tags = new TagList { { "provider", provider }, { "outcome", outcome } };
        _duration.Record(milliseconds, tags);
        if (errorKind is not null)
        {
            tags.Add("error_kind", errorKind);
        }

        _calls.Add(1, tags);
        if (usage.TotalTokens > 0)
        {
            _tokens.Add(usage.PromptTokens, new TagList { { "provider", provider }, { "type", "prompt" } });
            _tokens.Add(usage.CandidateTokens, new TagList { { "provider", provider }, { "type", "candidates" } });
            _tokens.Add(usage.TotalTokens, new TagList { { "provider", provider }, { "type", "total" } });
        }

        if (activity is not null)
        {
            activity.SetTag("llm.outcome", outcome);
            activity.SetTag("gen_ai.response.model", modelVersion);
            activity.SetTag("gen_ai.usage.input_tokens", usage.PromptTokens);
            activity.SetTag("gen_ai.usage.output_tokens", usage.CandidateTokens);
            if (errorKind is not null)
            {
                activity.SetTag("error.type", errorKind);
                activity.SetStatus(ActivityStatusCode.Error, errorKind);
            }

            activity.Dispose();
        }
    }
}
