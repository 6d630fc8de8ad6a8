using System.Collections.Immutable;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orchestrator.GrainInterfaces;
using Orchestrator.Gateway.Admin;
using Orchestrator.Gateway.Http;

namespace Orchestrator.Gateway.Operations;

/// <summary>System routes: <c>GET /health</c> and <c>GET /stats/{isletme_id}</c>.</summary>
internal static class OperationsApi
{
    public static IEndpointRouteBuilder MapOperationsApi(this IEndpointRouteBuilder routes)
    {
        var system = routes.MapGroup("").WithTags("System");
        system.MapGet("/health", GetHealth);
        system.MapGet("/stats/{isletme_id}", GetStatistics).ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    /// <summary>Overall health with each check; 503 when any check is unhealthy.</summary>
    public static async Task<IResult> GetHealth(HealthCheckService health, GatewayMode mode, CancellationToken cancellationToken)
    {
        var report = await health.CheckHealthAsync(cancellationToken);
        var checks = report.Entries.ToImmutableSortedDictionary(
            e => e.Key,
            e => new HealthCheckResponse(Status(e.Value.Status), e.Value.Description, Math.Round(e.Value.Duration.TotalMilliseconds, 2)),
            StringComparer.Ordinal);
        var body = new HealthResponse(Status(report.Status), Silo.Hosting.JsonLineConsoleFormatter.ServiceName, mode.Name, checks);
        return report.Status == HealthStatus.Unhealthy
            ? TypedResults.Json(body, GatewayJsonContext.Default.HealthResponse, statusCode: StatusCodes.Status503ServiceUnavailable)
            : TypedResults.Json(body, GatewayJsonContext.Default.HealthResponse);
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
                Math.Round(s.AverageResponseMs, 2), s.LastMessageAt))
            : AdminApi.BusinessNotFound(isletmeId);
    }

    private static string Status(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "healthy",
        HealthStatus.Degraded => "degraded",
        _ => "unhealthy",
    };
}
