using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Orchestrator.Grains.Businesses;
using Orchestrator.Grains.Diagnostics;
using Orchestrator.Grains.Understanding;

namespace Orchestrator.Grains.Tests.Businesses;

public sealed class CacheMetricsTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly MeterListener _listener = new();
    private readonly List<(string Instrument, long Value, Dictionary<string, object?> Tags)> _measurements = [];

    public CacheMetricsTests()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == OrchestratorMetrics.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            lock (_measurements)
            {
                _measurements.Add((instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value)));
            }
        });
        _listener.Start();
    }

    [Fact]
    public void ReportsLookupsRemovalsAndSavingsAsMetricsTaggedByBusiness()
    {
        var time = new FakeTimeProvider();
        var metrics = new OrchestratorMetrics(_services.GetRequiredService<IMeterFactory>(), Options.Create(new TelemetryOptions()));
        var caches = new TenantCaches(new CacheOptions { MaxEntriesPerBusiness = 1 }, time, "shop-1", metrics);
        var outcome = new UnderstandingOutcome(UnderstandingStatus.Understood, new MessageUnderstanding(Intent.Greeting, 0.9, null, null, null), null, "{}", "m", new TokenUsage(80, 20, 100), 1);
        caches.CountModelCall(outcome);

        caches.TryGetUnderstanding("a", out _);
        caches.StoreUnderstanding("a", outcome);
        caches.TryGetUnderstanding("a", out _);
        caches.StoreUnderstanding("b", outcome);
        caches.InvalidateAll();

        Assert.Contains(_measurements, m => m.Instrument == "orchestrator.cache.lookups" && (string?)m.Tags["result"] == "miss" && (string?)m.Tags["business_id"] == "shop-1");
        Assert.Contains(_measurements, m => m.Instrument == "orchestrator.cache.lookups" && (string?)m.Tags["result"] == "hit" && (string?)m.Tags["cache"] == "llm");
        Assert.Contains(_measurements, m => m.Instrument == "orchestrator.cache.removals" && (string?)m.Tags["cause"] == "eviction");
        Assert.Contains(_measurements, m => m.Instrument == "orchestrator.cache.removals" && (string?)m.Tags["cause"] == "invalidation" && m.Value == 1);
        Assert.Contains(_measurements, m => m.Instrument == "orchestrator.cache.llm_calls_saved" && m.Value == 1);
        Assert.Contains(_measurements, m => m.Instrument == "orchestrator.cache.tokens_saved" && m.Value == 100);
    }

    [Fact]
    public void LeavesTheBusinessTagOffWhenConfigured()
    {
        var metrics = new OrchestratorMetrics(_services.GetRequiredService<IMeterFactory>(), Options.Create(new TelemetryOptions { TagBusinessId = false }));

        metrics.Message("shop-1", "web", "greeting", "answered", 3);

        var message = Assert.Single(_measurements, m => m.Instrument == "orchestrator.messages");
        Assert.False(message.Tags.ContainsKey("business_id"));
        Assert.Equal("greeting", message.Tags["intent"]);
    }

    public void Dispose()
    {
        _listener.Dispose();
        _services.Dispose();
    }
}
