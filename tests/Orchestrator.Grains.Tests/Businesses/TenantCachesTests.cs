using Microsoft.Extensions.Time.Testing;
using Orchestrator.GrainInterfaces;
using Orchestrator.Grains.Businesses;
using Orchestrator.Grains.Understanding;

namespace Orchestrator.Grains.Tests.Businesses;

public sealed class TenantCachesTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly CacheOptions _options = new() { MaxEntriesPerBusiness = 100 };

    [Fact]
    public void CachesAValidUnderstandingByItsNormalizedText()
    {
        var caches = new TenantCaches(_options, _time);
        var key = TurkishText.Normalize("Gecelik fiyatı?");

        Assert.True(caches.StoreUnderstanding(key, Understood(Intent.ProductPrice, "gecelik")));

        Assert.True(caches.TryGetUnderstanding(TurkishText.Normalize("GECELİK FİYATI"), out var cached));
        Assert.Equal("gecelik", cached.Understanding.Product);
    }

    [Fact]
    public void NeverCachesAnInvalidOrUnavailableOutcome()
    {
        var caches = new TenantCaches(_options, _time);
        var invalid = new UnderstandingOutcome(UnderstandingStatus.Invalid, null, "bad", "{", "m", TokenUsage.None, 2);

        Assert.False(caches.StoreUnderstanding("a", invalid));
        Assert.False(caches.StoreUnderstanding("b", UnderstandingOutcome.Unavailable("down", null)));
        Assert.False(caches.TryGetUnderstanding("a", out _));
        Assert.False(caches.TryGetUnderstanding("b", out _));
    }

    [Fact]
    public void DoesNotCacheAnUnderstandingThatNamesAProductTheMessageDoesNotContain()
    {
        // "peki stok?" resolved to an earlier turn's product belongs to that conversation only.
        var caches = new TenantCaches(_options, _time);

        Assert.False(caches.StoreUnderstanding(TurkishText.Normalize("peki stok?"), Understood(Intent.ProductStock, "saten gecelik")));
        Assert.True(caches.StoreUnderstanding(TurkishText.Normalize("peki stok?"), Understood(Intent.ProductStock, null)));
    }

    [Fact]
    public void CachesFixedAnswersOnlyForMetaAndGreeting()
    {
        var caches = new TenantCaches(_options, _time);

        Assert.True(caches.StoreAnswer("iade", new FixedAnswer("14 gün", Intent.BusinessInfo, "iade", 0.9, "{}", "m")));
        Assert.True(caches.StoreAnswer("merhaba", new FixedAnswer("Hoş geldiniz", Intent.Greeting, null, 0.9, "{}", "m")));
        Assert.False(caches.StoreAnswer("fiyat", new FixedAnswer("Gecelik\nFiyat: 1.00 TL", Intent.ProductPrice, null, 0.9, "{}", "m")));
    }

    [Fact]
    public void ExpiresUnderstandingsAfterTheLlmTtlAndAnswersAfterTheAnswerTtl()
    {
        var caches = new TenantCaches(new CacheOptions { LlmTtl = TimeSpan.FromHours(1), AnswerTtl = TimeSpan.FromHours(24) }, _time);
        caches.StoreUnderstanding("gecelik fiyati", Understood(Intent.ProductPrice, "gecelik"));
        caches.StoreAnswer("iade", new FixedAnswer("14 gün", Intent.BusinessInfo, "iade", 0.9, "{}", "m"));

        _time.Advance(TimeSpan.FromHours(1));

        Assert.False(caches.TryGetUnderstanding("gecelik fiyati", out _));
        Assert.True(caches.TryGetAnswer("iade", out _));
        _time.Advance(TimeSpan.FromHours(23));
        Assert.False(caches.TryGetAnswer("iade", out _));
    }

    [Fact]
    public void InvalidatesUnderstandingsOfOneProductOnly()
    {
        var caches = new TenantCaches(_options, _time);
        caches.StoreUnderstanding("saten gecelik fiyati", Understood(Intent.ProductPrice, "saten gecelik"));
        caches.StoreUnderstanding("pijama fiyati", Understood(Intent.ProductPrice, "pijama"));

        var removed = caches.InvalidateProduct(new ProductInfo("p1", "Saten Gecelik", 1, 1, default));

        Assert.Equal(1, removed.LlmEntriesRemoved);
        Assert.False(caches.TryGetUnderstanding("saten gecelik fiyati", out _));
        Assert.True(caches.TryGetUnderstanding("pijama fiyati", out _));
    }

    [Fact]
    public void InvalidatesFixedAnswersOfOneMetaKeyOnly()
    {
        var caches = new TenantCaches(_options, _time);
        caches.StoreAnswer("iade nasil", new FixedAnswer("14 gün", Intent.BusinessInfo, "iade", 0.9, "{}", "m"));
        caches.StoreAnswer("kargo ne zaman", new FixedAnswer("2 gün", Intent.BusinessInfo, "kargo", 0.9, "{}", "m"));

        var removed = caches.InvalidateMeta("iade");

        Assert.Equal(1, removed.AnswerEntriesRemoved);
        Assert.False(caches.TryGetAnswer("iade nasil", out _));
        Assert.True(caches.TryGetAnswer("kargo ne zaman", out _));
    }

    [Fact]
    public void ReportsCallsSavedAndEstimatesTokensSaved()
    {
        var caches = new TenantCaches(_options, _time);
        var outcome = Understood(Intent.ProductPrice, "gecelik") with { Usage = new TokenUsage(90, 10, 100), ModelCalls = 1 };
        caches.CountModelCall(outcome);
        caches.StoreUnderstanding("gecelik fiyati", outcome);
        caches.TryGetUnderstanding("gecelik fiyati", out _);
        caches.TryGetUnderstanding("gecelik fiyati", out _);
        caches.CountCoalesced();

        var statistics = caches.Statistics("b1");

        Assert.Equal(1, statistics.LlmCalls);
        Assert.Equal(2, statistics.Llm.Hits);
        Assert.Equal(3, statistics.LlmCallsSaved);
        Assert.Equal(1, statistics.CoalescedRequests);
        Assert.Equal(300, statistics.EstimatedTokensSaved);
    }

    [Fact]
    public void CachesNothingWhenDisabled()
    {
        var caches = new TenantCaches(new CacheOptions { Enabled = false }, _time);

        Assert.False(caches.StoreUnderstanding("a", Understood(Intent.Greeting, null)));
        Assert.False(caches.TryGetUnderstanding("a", out _));
    }

    private static UnderstandingOutcome Understood(Intent intent, string? product) => new(
        UnderstandingStatus.Understood, new MessageUnderstanding(intent, 0.9, product, null, null), null, "{}", "m", TokenUsage.None, 1);
}
