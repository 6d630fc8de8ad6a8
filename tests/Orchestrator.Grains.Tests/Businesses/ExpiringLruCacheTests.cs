using Microsoft.Extensions.Time.Testing;
using Orchestrator.Grains.Businesses;

namespace Orchestrator.Grains.Tests.Businesses;

public sealed class ExpiringLruCacheTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-11-24T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void MissesThenHitsAfterTheValueIsStored()
    {
        var cache = new ExpiringLruCache<string, int>(10, TimeSpan.FromHours(1), _time);

        Assert.False(cache.TryGet("a", out _));
        cache.Set("a", 1);
        Assert.True(cache.TryGet("a", out var value));

        Assert.Equal(1, value);
        Assert.Equal(1, cache.Counters.Hits);
        Assert.Equal(1, cache.Counters.Misses);
        Assert.Equal(0.5, cache.Counters.HitRate);
    }

    [Fact]
    public void ExpiresAnEntryOnceItsTimeToLiveHasPassed()
    {
        var cache = new ExpiringLruCache<string, int>(10, TimeSpan.FromHours(1), _time);
        cache.Set("a", 1);

        _time.Advance(TimeSpan.FromMinutes(59));
        Assert.True(cache.TryGet("a", out _));
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.False(cache.TryGet("a", out _));

        Assert.Equal(1, cache.Counters.Expirations);
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void EvictsTheLeastRecentlyUsedEntryAtTheLimit()
    {
        var cache = new ExpiringLruCache<string, int>(2, TimeSpan.FromHours(1), _time);
        cache.Set("a", 1);
        cache.Set("b", 2);
        Assert.True(cache.TryGet("a", out _)); // "b" is now the least recently used

        cache.Set("c", 3);

        Assert.True(cache.TryGet("a", out _));
        Assert.False(cache.TryGet("b", out _));
        Assert.True(cache.TryGet("c", out _));
        Assert.Equal(1, cache.Counters.Evictions);
        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public void ReplacingAnEntryRenewsItsTimeToLiveWithoutEvicting()
    {
        var cache = new ExpiringLruCache<string, int>(2, TimeSpan.FromHours(1), _time);
        cache.Set("a", 1);
        cache.Set("b", 2);
        _time.Advance(TimeSpan.FromMinutes(50));

        cache.Set("a", 10);
        _time.Advance(TimeSpan.FromMinutes(20));

        Assert.True(cache.TryGet("a", out var a));
        Assert.Equal(10, a);
        Assert.False(cache.TryGet("b", out _));
        Assert.Equal(0, cache.Counters.Evictions);
    }

    [Fact]
    public void RemovesMatchingEntriesAndCountsThemAsInvalidations()
    {
        var cache = new ExpiringLruCache<string, int>(10, TimeSpan.FromHours(1), _time);
        cache.Set("a", 1);
        cache.Set("b", 2);
        cache.Set("c", 3);

        var removed = cache.RemoveWhere((_, value) => value % 2 == 1);
        var cleared = cache.Clear();

        Assert.Equal(2, removed);
        Assert.Equal(1, cleared);
        Assert.Equal(3, cache.Counters.Invalidations);
        Assert.Equal(0, cache.Count);
    }
}
