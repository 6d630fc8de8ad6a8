using System.Collections.Concurrent;
using Orchestrator.GrainInterfaces;
using Orchestrator.Grains.Sessions;
using Orchestrator.Grains.Tests.Fakes;

namespace Orchestrator.Grains.Tests.Cluster;

/// <summary>The tenant caches as the grains use them: hits, expiry, invalidation, coalescing, isolation, statistics.</summary>
[Collection(ClusterCollection.Name)]
public sealed class BusinessCacheTests(ClusterFixture fixture)
{
    private const string PriceQuestion = "saten gecelik fiyatı nedir";
    private const string ReturnsQuestion = "iade politikanız nedir";

    private IClusterClient Client => fixture.Client;

    [Fact]
    public async Task AnswersARepeatedQuestionFromTheCacheWithoutAskingTheModelAgain()
    {
        Script();
        var business = await fixture.CreateBusinessAsync(("p1", "Saten Gecelik", 349.9m, 5));

        var first = await Ask(business, "u1", PriceQuestion);
        var second = await Ask(business, "u2", "SATEN GECELİK FİYATI NEDİR?");

        Assert.Equal(first.Reply, second.Reply);
        Assert.Equal(1, fixture.Model.CallsFor(business));
        var statistics = (await Client.GetBusiness(business).GetCacheStatistics())!;
        Assert.Equal(1, statistics.Llm.Hits);
        Assert.Equal(1, statistics.Llm.Misses);
        Assert.Equal(1, statistics.Llm.Entries);
    }

    [Fact]
    public async Task AsksTheModelAgainOnceTheCachedUnderstandingHasExpired()
    {
        Script();
        var business = await fixture.CreateBusinessAsync(("p1", "Saten Gecelik", 349.9m, 5));

        await Ask(business, "u1", PriceQuestion);
        fixture.Time.Advance(TimeSpan.FromMinutes(59));
        await Ask(business, "u2", PriceQuestion);
        fixture.Time.Advance(TimeSpan.FromMinutes(2));
        await Ask(business, "u3", PriceQuestion);

        Assert.Equal(2, fixture.Model.CallsFor(business));
        Assert.Equal(1, (await Client.GetBusiness(business).GetCacheStatistics())!.Llm.Expirations);
    }

    [Fact]
    public async Task ShowsTheNewPriceRightAfterAPriceUpdateEvenOnACacheHit()
    {
        Script();
        var business = await fixture.CreateBusinessAsync(("p1", "Saten Gecelik", 349.9m, 5));
        await Ask(business, "u1", PriceQuestion);

        await Client.GetBusiness(business).ChangeProduct("p1", new ProductChange(null, 399m, null));
        var after = await Ask(business, "u2", PriceQuestion);

        Assert.Equal("Saten Gecelik\nFiyat: 399.00 TL", after.Reply);
    }

    [Fact]
    public async Task ChangingAMetaValueReplacesItsCachedAnswer()
    {
        Script();
        var business = await fixture.CreateBusinessAsync(("p1", "Saten Gecelik", 349.9m, 5));
        var before = await Ask(business, "u1", ReturnsQuestion);
        await Ask(business, "u2", ReturnsQuestion);

        await Client.GetBusiness(business).SetMeta("iade", "İade 30 gün içinde yapılabilir.");
        var after = await Ask(business, "u3", ReturnsQuestion);

        Assert.Equal("İade 14 gün içinde yapılabilir.", before.Reply);
        Assert.Equal("İade 30 gün içinde yapılabilir.", after.Reply);
        var statistics = (await Client.GetBusiness(business).GetCacheStatistics())!;
        Assert.Equal(1, statistics.Answers.Hits);
        Assert.Equal(1, statistics.Answers.Invalidations);
    }

    [Fact]
    public async Task InvalidatesTheEntriesOfOneProductOnly()
    {
        Script();
        fixture.Model.Script("pijama fiyatı", ScriptedIntentModel.Output("product_price", 0.95, "pijama"));
        var business = await fixture.CreateBusinessAsync(("p1", "Saten Gecelik", 349.9m, 5), ("p2", "Pamuk Pijama", 199m, 3));
        await Ask(business, "u1", PriceQuestion);
        await Ask(business, "u2", "pijama fiyatı");

        var invalidation = await Client.GetBusiness(business).InvalidateProduct("p1");
        await Ask(business, "u3", PriceQuestion);
        await Ask(business, "u4", "pijama fiyatı");

        Assert.Equal(1, invalidation.LlmEntriesRemoved);
        Assert.Equal(3, fixture.Model.CallsFor(business));
    }

    [Fact]
    public async Task InvalidatingTheBusinessEmptiesBothCaches()
    {
        Script();
        var business = await fixture.CreateBusinessAsync(("p1", "Saten Gecelik", 349.9m, 5));
        await Ask(business, "u1", PriceQuestion);
        await Ask(business, "u2", ReturnsQuestion);

        var invalidation = await Client.GetBusiness(business).InvalidateCaches();

        Assert.True(invalidation.BusinessFound);
        Assert.Equal(2, invalidation.LlmEntriesRemoved);
        Assert.Equal(1, invalidation.AnswerEntriesRemoved);
        var statistics = (await Client.GetBusiness(business).GetCacheStatistics())!;
        Assert.Equal(0, statistics.Llm.Entries);
        Assert.Equal(0, statistics.Answers.Entries);
    }

    [Fact]
    public async Task AHundredConcurrentIdenticalNewQuestionsCostOneModelCall()
    {
        Script();
        var business = await fixture.CreateBusinessAsync(("p1", "Saten Gecelik", 349.9m, 5));
        fixture.Model.CloseGate();
        try
        {
            var answers = Enumerable.Range(0, 100).Select(i => Ask(business, $"burst-{i}", PriceQuestion)).ToList();
            await Eventually.TrueAsync(
                async () => (await Client.GetBusiness(business).GetCacheStatistics())!.CoalescedRequests == 99,
                "99 requests wait on the first one's model call");
            fixture.Model.OpenGate();

            var replies = await Task.WhenAll(answers);

            Assert.All(replies, r => Assert.Equal("Saten Gecelik\nFiyat: 349.90 TL", r.Reply));
            Assert.Equal(1, fixture.Model.CallsFor(business));
            Assert.Equal(99, (await Client.GetBusiness(business).GetCacheStatistics())!.LlmCallsSaved);
        }
        finally
        {
            fixture.Model.OpenGate();
        }
    }

    [Fact]
    public async Task TheSameQuestionForTwoBusinessesNeverSharesACacheEntry()
    {
        Script();
        var first = await fixture.CreateBusinessAsync(("p1", "Saten Gecelik", 349.9m, 5));
        var second = await fixture.CreateBusinessAsync(("p1", "Saten Gecelik", 500m, 1));

        var a = await Ask(first, "u1", PriceQuestion);
        var b = await Ask(second, "u1", PriceQuestion);

        Assert.Equal(1, fixture.Model.CallsFor(first));
        Assert.Equal(1, fixture.Model.CallsFor(second));
        Assert.Equal("Saten Gecelik\nFiyat: 349.90 TL", a.Reply);
        Assert.Equal("Saten Gecelik\nFiyat: 500.00 TL", b.Reply);
        Assert.Equal(0, (await Client.GetBusiness(second).GetCacheStatistics())!.Llm.Hits);
    }

    [Fact]
    public async Task ReportsTheCacheStatisticsOfAKnownSequence()
    {
        Script();
        var business = await fixture.CreateBusinessAsync(("p1", "Saten Gecelik", 349.9m, 5));
        await Ask(business, "u1", PriceQuestion);   // understanding miss, model call
        await Ask(business, "u2", PriceQuestion);   // understanding hit
        await Ask(business, "u3", PriceQuestion);   // understanding hit
        await Ask(business, "u4", ReturnsQuestion); // answer miss, understanding miss, model call
        await Ask(business, "u5", ReturnsQuestion); // answer hit

        var statistics = (await Client.GetBusiness(business).GetCacheStatistics())!;

        Assert.Equal(2, statistics.LlmCalls);
        Assert.Equal(2, statistics.Llm.Hits);
        Assert.Equal(2, statistics.Llm.Misses);
        Assert.Equal(0.5, statistics.Llm.HitRate);
        Assert.Equal(1, statistics.Answers.Hits);
        Assert.Equal(4, statistics.Answers.Misses);
        Assert.Equal(3, statistics.LlmCallsSaved);
        Assert.Equal(360, statistics.EstimatedTokensSaved); // 3 saved calls × 120 tokens per call
    }

    [Fact]
    public async Task NoAnswerStartedAfterAPriceUpdateShowsTheOldPriceOnEitherSilo()
    {
        Script();
        var business = await fixture.CreateBusinessAsync(("p1", "Saten Gecelik", 349.9m, 5));
        var updatedAt = 0L;
        var results = new ConcurrentBag<(long Started, string Reply)>();
        using var stop = new CancellationTokenSource();
        var clock = System.Diagnostics.Stopwatch.StartNew();

        async Task Traffic(int worker)
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var started = clock.ElapsedTicks;
                var outcome = await Ask(business, $"w{worker}-u{i % 25}", PriceQuestion);
                results.Add((started, outcome.Reply));
            }
        }

        var workers = Enumerable.Range(0, 8).Select(Traffic).ToList();
        await Eventually.TrueAsync(() => Task.FromResult(results.Count >= 200), "traffic is flowing");
        await Client.GetBusiness(business).ChangeProduct("p1", new ProductChange(null, 279.5m, null));
        updatedAt = clock.ElapsedTicks;
        var countAtUpdate = results.Count;
        await Eventually.TrueAsync(() => Task.FromResult(results.Count >= countAtUpdate + 200), "traffic continues after the update");
        await stop.CancelAsync();
        await Task.WhenAll(workers);

        var after = results.Where(r => r.Started > updatedAt).ToList();
        Assert.NotEmpty(after);
        Assert.All(after, r => Assert.Equal("Saten Gecelik\nFiyat: 279.50 TL", r.Reply));
        Assert.Contains(results, r => r.Reply == "Saten Gecelik\nFiyat: 349.90 TL");

        // The traffic really crossed silos: sessions were active on both.
        var statistics = await Client.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        var sessionSilos = statistics
            .Where(s => s.GrainType.Contains(nameof(SessionGrain), StringComparison.Ordinal) && s.GrainId.ToString().Contains(business, StringComparison.Ordinal))
            .Select(s => s.SiloAddress)
            .Distinct();
        Assert.Equal(2, sessionSilos.Count());
    }

    private void Script()
    {
        fixture.Model.Script(PriceQuestion, ScriptedIntentModel.Output("product_price", 0.95, "saten gecelik"));
        fixture.Model.Script(ReturnsQuestion, ScriptedIntentModel.Output("business_info", 0.92, null, "iade"));
    }

    private Task<MessageOutcome> Ask(string business, string user, string text) =>
        Client.GetSession(business, "web", user).Handle(new IncomingMessage(text, null, null, fixture.Time.GetUtcNow()));
}
