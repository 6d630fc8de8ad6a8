using System.Globalization;
using Orchestrator.GrainInterfaces;

namespace Orchestrator.Grains.Limits;

/// <summary>A tenant's model token use in one calendar month (UTC), kept in the tenant grain's state.</summary>
[GenerateSerializer, Alias("orch.llm-budget-state")]
public sealed class LlmBudgetState
{
    /// <summary>The month the counters are for, <c>yyyy-MM</c> in UTC; empty before the first use.</summary>
    [Id(0)]
    public string Month { get; set; } = "";

    [Id(1)]
    public long UsedTokens { get; set; }

    /// <summary>Messages understood by the local model because the budget was spent.</summary>
    [Id(2)]
    public long FallbackAnswers { get; set; }

    /// <summary>The tenant's own monthly limit set by the operator; null uses the default from settings, 0 is unlimited.</summary>
    [Id(3)]
    public long? MonthlyLimit { get; set; }
}

/// <summary>
/// The monthly model token budget of one tenant. The tenant grain is the only place a tenant's model calls are made,
/// so counting there holds across every gateway and silo. The check is made before a call and the tokens are charged
/// after it (a provider reports them only then): the overshoot is at most the calls already under way when the
/// budget ran out. Counters start again at the first use in a new month.
/// </summary>
public sealed class LlmTokenBudget(LlmBudgetState state, long defaultMonthlyLimit, TimeProvider time)
{
    public LlmBudgetState State => state;

    /// <summary>The limit in force: the tenant's own, else the default; 0 means unlimited.</summary>
    public long Limit => state.MonthlyLimit ?? defaultMonthlyLimit;

    /// <summary>True when the month's tokens are used up and the configured model must not be asked.</summary>
    public bool IsSpent()
    {
        Roll();
        return Limit > 0 && state.UsedTokens >= Limit;
    }

    /// <summary>Adds the tokens a call cost. True when the state changed and should be saved.</summary>
    public bool Charge(long tokens)
    {
        var rolled = Roll();
        if (tokens <= 0)
        {
            return rolled;
        }

        state.UsedTokens += tokens;
        return true;
    }

    /// <summary>Counts a message understood by the local model because the budget was spent.</summary>
    public void CountFallback()
    {
        Roll();
        state.FallbackAnswers++;
    }

    /// <summary>Sets the tenant's own limit (null: back to the default; 0: unlimited).</summary>
    public void SetLimit(long? monthlyLimit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(monthlyLimit ?? 0, nameof(monthlyLimit));
        Roll();
        state.MonthlyLimit = monthlyLimit;
    }

    public LlmBudgetStatus Status()
    {
        Roll();
        var limit = Limit;
        return new LlmBudgetStatus(
            state.Month,
            limit,
            state.MonthlyLimit is null,
            state.UsedTokens,
            limit == 0 ? null : Math.Max(0, limit - state.UsedTokens),
            limit > 0 && state.UsedTokens >= limit,
            state.FallbackAnswers);
    }

    private bool Roll()
    {
        var month = MonthOf(time.GetUtcNow());
        if (string.Equals(state.Month, month, StringComparison.Ordinal))
        {
            return false;
        }

        state.Month = month;
        state.UsedTokens = 0;
        state.FallbackAnswers = 0;
        return true;
    }

    public static string MonthOf(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture);
}
