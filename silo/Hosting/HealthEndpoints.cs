using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Orchestrator.Silo.Hosting;

/// <summary>
/// The health routes of both processes: <c>/health</c> (every check, as JSON), <c>/health/live</c> (the process
/// answers; for liveness probes), <c>/health/ready</c> (the checks tagged ready; for readiness probes). Unhealthy
/// answers 503.
/// </summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapOrchestratorHealth(this IEndpointRouteBuilder routes, string mode)
    {
        var writer = Writer(mode);
        routes.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = writer }).WithTags("System");
        routes.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = writer }).WithTags("System");
        routes.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(DependencyHealthCheckExtensions.ReadyTag),
            ResponseWriter = writer,
        }).WithTags("System");
        return routes;
    }

    private static Func<HttpContext, HealthReport, Task> Writer(string mode) => async (context, report) =>
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        await using var json = new Utf8JsonWriter(context.Response.Body);
        json.WriteStartObject();
        json.WriteString("status", Name(report.Status));
        json.WriteString("service", JsonLineConsoleFormatter.ServiceName);
        json.WriteString("mode", mode);
        json.WriteStartObject("checks");
        foreach (var (name, entry) in report.Entries.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            json.WriteStartObject(name);
            json.WriteString("status", Name(entry.Status));
            json.WriteString("description", entry.Description);
            json.WriteNumber("duration_ms", Math.Round(entry.Duration.TotalMilliseconds, 2));
            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WriteEndObject();
    };

    private static string Name(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "healthy",
        HealthStatus.Degraded => "degraded",
        _ => "unhealthy",
    };
}
