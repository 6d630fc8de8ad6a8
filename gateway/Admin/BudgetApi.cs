using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Orchestrator.GrainInterfaces;
using Orchestrator.Gateway.Http;
using Orchestrator.Gateway.Operations;

namespace Orchestrator.Gateway.Admin;

/// <summary>
/// A tenant's monthly model token budget: the operator sets or resets the tenant's own limit; the tenant reads its
/// use (also part of <c>GET /stats/{isletme_id}</c>).
/// </summary>
internal static class BudgetApi
{
    private const string Route = "/businesses/{isletme_id}/llm-budget";

    public static RouteGroupBuilder MapBudgetOperatorRoutes(this RouteGroupBuilder operatorOnly)
    {
        operatorOnly.MapPut(Route, SetBudget).Accepts<SetLlmBudgetRequest>("application/json");
        operatorOnly.MapDelete(Route, ResetBudget);
        return operatorOnly;
    }

    public static RouteGroupBuilder MapBudgetTenantRoutes(this RouteGroupBuilder tenant)
    {
        tenant.MapGet(Route, GetBudget);
        return tenant;
    }

    public static async Task<Results<Ok<LlmBudgetResponse>, ProblemHttpResult>> GetBudget(
        [FromRoute(Name = "isletme_id")] string isletmeId, IGrainFactory grains)
    {
        if (AdminApi.CheckBusinessId(isletmeId) is { } invalid)
        {
            return invalid;
        }

        return await grains.GetBusiness(isletmeId).GetStatistics() is { LlmBudget: { } budget }
            ? TypedResults.Ok(LlmBudgetResponse.From(budget))
            : AdminApi.BusinessNotFound(isletmeId);
    }

    public static async Task<Results<Ok<LlmBudgetResponse>, ProblemHttpResult>> SetBudget(
        [FromRoute(Name = "isletme_id")] string isletmeId, HttpRequest request, IGrainFactory grains, IOptions<ApiOptions> options)
    {
        if (AdminApi.CheckBusinessId(isletmeId) is { } invalid)
        {
            return invalid;
        }

        var body = await JsonBody.ReadAsync(request, GatewayJsonContext.Default.SetLlmBudgetRequest, options.Value.AdminMaxBodyBytes);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        var limit = body.Value!.MonthlyTokenLimit;
        var errors = new FieldErrors().Check("monthly_token_limit",
            limit is null ? "is required: tokens per month, 0 for unlimited (DELETE the budget to go back to the default)."
            : limit < 0 ? "must be 0 (unlimited) or more."
            : null);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        return await Set(grains, isletmeId, limit);
    }

    public static Task<Results<Ok<LlmBudgetResponse>, ProblemHttpResult>> ResetBudget(
        [FromRoute(Name = "isletme_id")] string isletmeId, IGrainFactory grains) =>
        AdminApi.CheckBusinessId(isletmeId) is { } invalid
            ? Task.FromResult<Results<Ok<LlmBudgetResponse>, ProblemHttpResult>>(invalid)
            : Set(grains, isletmeId, null);

    private static async Task<Results<Ok<LlmBudgetResponse>, ProblemHttpResult>> Set(IGrainFactory grains, string isletmeId, long? limit)
    {
        var result = await grains.GetBusiness(isletmeId).SetLlmBudget(limit);
        return result.Succeeded
            ? TypedResults.Ok(LlmBudgetResponse.From(result.Value!))
            : AdminApi.BusinessNotFound(isletmeId);
    }
}

/// <summary>The operator's budget for one tenant: tokens per month, 0 for unlimited.</summary>
public sealed record SetLlmBudgetRequest(long? MonthlyTokenLimit);
