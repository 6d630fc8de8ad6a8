using Orchestrator.GrainInterfaces;
using Orchestrator.Grains.Tests.Fakes;

namespace Orchestrator.Grains.Tests.Cluster;

/// <summary>A one-silo cluster of its own: these tests move the clock by months.</summary>
public sealed class BudgetClusterFixture : ClusterFixture
{
    protected override short Silos => 1;

    /// <summary>The default budget: three calls of the scripted model (120 tokens each) and a little more.</summary>
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["RateLimits:MonthlyLlmTokens"] = "300",
    };
}

/// <summary>The monthly model token budget as the tenant grain enforces it.</summary>
public sealed class LlmBudgetTests(BudgetClusterFixture fixture) : IClassFixture<BudgetClusterFixture>
{
    private IClusterClient Client => fixture.Client;

    [Fact]
    public async Task OnceTheBudgetIsSpentNewQuestionsAreUnderstoodByTheLocalModelWithoutCallingTheConfiguredOne()
    {
        var business = await fixture.CreateBusinessAsync(("p1", "Saten Gecelik", 349.9m, 5));
        await Ask(business, "u1", "birinci soru");
        await Ask(business, "u2", "ikinci soru");
        await Ask(business, "u3", "üçüncü soru");
        var callsWhenSpent = fixture.Model.CallsFor(business);

        var answer = await Ask(business, "u4", "iade politikanız nedir");

        Assert.Equal(3, callsWhenSpent);
        Assert.Equal(callsWhenSpent, fixture.Model.CallsFor(business));
        Assert.Equal(MessageStatus.Answered, answer.Status);
        Assert.Equal("İade 14 gün içinde yapılabilir.", answer.Reply);
        var budget = (await Client.GetBusiness(business).GetStatistics())!.LlmBudget!;
        Assert.True(budget.Spent);
        Assert.Equal(360, budget.UsedTokens);
        Assert.Equal(0, budget.Remaining);
        Assert.Equal(1, budget.FallbackAnswers);
        Assert.True(budget.IsDefault);
    }

    [Fact]
    public async Task ASpentBudgetStillAnswersFromTheCachesFirst()
    {
        fixture.Model.Script("kargo ne zaman gelir", ScriptedIntentModel.Output("business_info", 0.93, null, "kargo"));
        var business = await fixture.CreateBusinessAsync(("p1", "Saten Gecelik", 349.9m, 5));
        await Client.GetBusiness(business).SetLlmBudget(200);
        await Ask(business, "u1", "kargo ne zaman gelir");
        await Ask(business, "u3", "başka bir soru");

        var cached = await Ask(business, "u2", "Kargo ne zaman gelir?");

        Assert.Equal("Kargo 2 iş gününde.", cached.Reply);
        Assert.Equal(2, fixture.Model.CallsFor(business));
        Assert.Equal(0, (await Client.GetBusiness(business).GetStatistics())!.LlmBudget!.FallbackAnswers);
    }

    [Fact]
    public async Task ATenantsOwnLimitReplacesTheDefaultAndZeroMeansUnlimited()
    {
        var business = await fixture.CreateBusinessAsync(("p1", "Saten Gecelik", 349.9m, 5));

        var own = await Client.GetBusiness(business).SetLlmBudget(0);
        for (var i = 0; i < 5; i++)
        {
            await Ask(business, $"u{i}", $"soru numarası {i}");
        }

        var reset = await Client.GetBusiness(business).SetLlmBudget(null);

        Assert.Equal(AdminStatus.Ok, own.Status);
        Assert.False(own.Value!.IsDefault);
        Assert.Equal(5, fixture.Model.CallsFor(business));
        Assert.Equal(600, reset.Value!.UsedTokens);
        Assert.Equal(300, reset.Value.MonthlyLimit);
        Assert.True(reset.Value.IsDefault);
        Assert.True(reset.Value.Spent);
    }

    [Fact]
    public async Task TheBudgetStartsAgainInANewMonthAndSurvivesDeactivation()
    {
        var business = await fixture.CreateBusinessAsync(("p1", "Saten Gecelik", 349.9m, 5));
        for (var i = 0; i < 3; i++)
        {
            await Ask(business, $"u{i}", $"ay sorusu {i}");
        }

        await Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var afterDeactivation = (await Client.GetBusiness(business).GetStatistics())!.LlmBudget!;
        fixture.Time.Advance(TimeSpan.FromDays(32));
        await Ask(business, "u9", "yeni ayın sorusu");
        var nextMonth = (await Client.GetBusiness(business).GetStatistics())!.LlmBudget!;

        Assert.True(afterDeactivation.Spent);
        Assert.Equal(360, afterDeactivation.UsedTokens);
        Assert.Equal(4, fixture.Model.CallsFor(business));
        Assert.NotEqual(afterDeactivation.Month, nextMonth.Month);
        Assert.Equal(120, nextMonth.UsedTokens);
        Assert.False(nextMonth.Spent);
    }

    [Fact]
    public async Task SettingTheBudgetOfAnUnknownTenantIsNotFound()
    {
        var result = await Client.GetBusiness("no-such-" + Guid.NewGuid().ToString("N")[..8]).SetLlmBudget(10);

        Assert.Equal(AdminStatus.NotFound, result.Status);
    }

    private Task<MessageOutcome> Ask(string business, string user, string text) =>
        Client.GetSession(business, "web", user).Handle(new IncomingMessage(text, null, null, fixture.Time.GetUtcNow()));
}
