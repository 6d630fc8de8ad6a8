using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Orchestrator.GrainInterfaces;
using Orchestrator.Gateway.Admin;
using Orchestrator.Gateway.Security;

namespace Orchestrator.Gateway.Operations;

/// <summary>System routes: <c>GET /stats/{isletme_id}</c> (health is mapped by <c>MapOrchestratorHealth</c>).</summary>
internal static class OperationsApi
{
    public static IEndpointRouteBuilder MapOperationsApi(this IEndpointRouteBuilder routes)
    {
        var system = routes.MapGroup("").WithTags("System");
        system.MapGet("/stats/{isletme_id}", GetStatistics).ProducesProblem(StatusCodes.Status404NotFound).RequireApiKey(ApiKeyScope.Tenant);
        return routes;
    }

    public static async Task<Results<Ok<BusinessStatisticsResponse>, ProblemHttpResult>> GetStatistics(
        [FromRoute(Name = "isletme_id")] string isletmeId, IGrainFactory grains)
    {
        if (AdminApi.CheckBusinessId(isletmeId) is { } invalid)
        {
            return invalid;
        }

        return await grains.GetBusiness(isletmeId).GetStatistics() is { } s
            ? TypedResults.Ok(new BusinessStatisticsResponse(
                isletmeId, s.Messages, s.Sessions, s.Users, s.Escalations, s.Intents, s.Platforms,
                Math.Round(s.AverageResponseMs, 2), s.LastMessageAt,
                s.Notifications is { } n ? new NotificationCountsResponse(n.Pending, n.Delivered, n.Failed, n.Skipped) : null,
                s.LlmBudget is { } budget ? LlmBudgetResponse.From(budget) : null))
            : AdminApi.BusinessNotFound(isletmeId);
    }
}
