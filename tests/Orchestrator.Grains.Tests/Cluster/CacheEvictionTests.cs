using Orchestrator.GrainInterfaces;
using Orchestrator.Grains.Tests.Fakes;

namespace Orchestrator.Grains.Tests.Cluster;

/// <summary>A single-silo cluster whose tenants may cache three entries each.</summary>
public sealed class SmallCacheClusterFixture : ClusterFixture
{
    protected override short Silos => 1;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Cache:MaxEntriesPerBusiness"] = "3",
    };
}

public sealed class CacheEvictionTests(SmallCacheClusterFixture fixture) : IClassFixture<SmallCacheClusterFixture>
{
    [Fact]
    public async Task EvictsTheLeastRecentlyUsedUnderstandingAtTheTenantLimit()
    {
        string[] questions = ["gecelik fiyatı", "pijama fiyatı", "sabahlık fiyatı", "terlik fiyatı"];
        foreach (var question in questions)
        {
            fixture.Model.Script(question, ScriptedIntentModel.Output("product_price", 0.95, question.Split(' ')[0]));
        }

        var business = await fixture.CreateBusinessAsync(("p1", "Saten Gecelik", 349.9m, 5));
        foreach (var question in questions)
        {
            await Ask(business, question);
        }

        await Ask(business, questions[0]); // evicted: asks the model again
        await Ask(business, questions[3]); // still cached

        Assert.Equal(5, fixture.Model.CallsFor(business));
        var statistics = (await fixture.Client.GetBusiness(business).GetCacheStatistics())!;
        Assert.Equal(3, statistics.Llm.Entries);
        Assert.Equal(2, statistics.Llm.Evictions);
        Assert.Equal("3", statistics.Settings["max_entries"]);
    }

    private Task<MessageOutcome> Ask(string business, string text) =>
        fixture.Client.GetSession(business, "web", "u-" + text).Handle(new IncomingMessage(text, null, null, fixture.Time.GetUtcNow()));
}
