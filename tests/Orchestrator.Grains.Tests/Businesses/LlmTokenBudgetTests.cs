using Microsoft.Extensions.Time.Testing;
using Orchestrator.Grains.Limits;

namespace Orchestrator.Grains.Tests.Businesses;

public sealed class LlmTokenBudgetTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 30, 23, 59, 0, TimeSpan.Zero));

    [Fact]
    public void IsSpentOnceTheUsedTokensReachTheLimit()
    {
        var budget = new LlmTokenBudget(new LlmBudgetState(), 1000, _time);

        budget.Charge(999);
        var before = budget.IsSpent();
        budget.Charge(1);

        Assert.False(before);
        Assert.True(budget.IsSpent());
        Assert.Equal(0, budget.Status().Remaining);
    }

    [Fact]
    public void ZeroMeansUnlimited()
    {
        var budget = new LlmTokenBudget(new LlmBudgetState(), 0, _time);

        budget.Charge(long.MaxValue / 2);

        Assert.False(budget.IsSpent());
        Assert.Null(budget.Status().Remaining);
    }

    [Fact]
    public void TheTenantsOwnLimitWinsOverTheDefaultUntilReset()
    {
        var budget = new LlmTokenBudget(new LlmBudgetState(), 100, _time);
        budget.Charge(150);

        budget.SetLimit(200);
        var own = budget.Status();
        budget.SetLimit(null);

        Assert.False(own.Spent);
        Assert.False(own.IsDefault);
        Assert.Equal(50, own.Remaining);
        Assert.True(budget.IsSpent());
        Assert.True(budget.Status().IsDefault);
    }

    [Fact]
    public void CountersStartAgainAtTheFirstUseInANewUtcMonth()
    {
        var budget = new LlmTokenBudget(new LlmBudgetState(), 100, _time);
        budget.Charge(100);
        budget.CountFallback();

        _time.Advance(TimeSpan.FromMinutes(2));
        var changed = budget.Charge(0);

        Assert.True(changed);
        Assert.False(budget.IsSpent());
        Assert.Equal("2026-12", budget.Status().Month);
        Assert.Equal(0, budget.Status().FallbackAnswers);
    }

    [Fact]
    public void ANegativeLimitIsRefused()
    {
        var budget = new LlmTokenBudget(new LlmBudgetState(), 100, _time);

        Assert.Throws<ArgumentOutOfRangeException>(() => budget.SetLimit(-1));
    }

    [Fact]
    public void ChargingNothingInTheSameMonthChangesNothing()
    {
        var budget = new LlmTokenBudget(new LlmBudgetState(), 100, _time);
        budget.Charge(1);

        Assert.False(budget.Charge(0));
    }
}
