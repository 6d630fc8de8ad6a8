using System.Collections.Immutable;

namespace Orchestrator.Gateway.Operations;

/// <summary><c>GET /stats/{isletme_id}</c>: a tenant's conversation statistics.</summary>
public sealed record BusinessStatisticsResponse(
    string IsletmeId,
    long Messages,
    long Sessions,
    long Users,
    long Escalations,
    ImmutableSortedDictionary<string, long> Intents,
    ImmutableSortedDictionary<string, long> Platforms,
    double AverageProcessingMs,
    DateTimeOffset? LastMessageAt,
    NotificationCountsResponse? Notifications,
    LlmBudgetResponse? LlmBudget);

public sealed record NotificationCountsResponse(long Pending, long Delivered, long Failed, long Skipped);

/// <summary>
/// A tenant's model token budget this month. <c>answered_by</c> says who understands the tenant's new questions now:
/// <c>model</c> (the configured model) or <c>local_fallback</c> (the budget is spent; the caches and the built-in local
/// model answer until the month ends or the limit is raised).
/// </summary>
public sealed record LlmBudgetResponse(
    string Month,
    long MonthlyTokenLimit,
    bool DefaultLimit,
    long UsedTokens,
    long? RemainingTokens,
    bool Spent,
    string AnsweredBy,
    long FallbackAnswers)
{
    public static LlmBudgetResponse From(Orchestrator.GrainInterfaces.LlmBudgetStatus budget) => new(
        budget.Month, budget.MonthlyLimit, budget.IsDefault, budget.UsedTokens, budget.Remaining, budget.Spent,
        budget.Spent ? "local_fallback" : "model", budget.FallbackAnswers);
}
