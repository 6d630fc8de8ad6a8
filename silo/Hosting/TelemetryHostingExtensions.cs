using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Orchestrator.Grains.Diagnostics;

namespace Orchestrator.Silo.Hosting;

/// <summary>
/// OpenTelemetry for both processes: traces from ASP.NET Core through Orleans grain calls (activity propagation is
/// turned on in the silo and client builders when traces are exported) to Npgsql and the outgoing HTTP calls (Vertex AI, Slack, webhooks);
/// metrics for HTTP, Orleans, the .NET runtime and the pipeline, scraped at <c>GET /metrics</c> in Prometheus text
/// format. Traces are recorded, and both are exported over OTLP, when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.
/// </summary>
public static class TelemetryHostingExtensions
{
    /// <summary>
    /// Whether spans are recorded and exported (an OTLP endpoint is configured). Orleans' trace propagation is added
    /// to the silo and client only then: its grain-call filters take every call off Orleans' direct path (a
    /// reflection lookup and two more async steps per call, on both ends), for spans nobody would receive.
    /// </summary>
    public static bool ExportsTraces(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);

    public static IHostApplicationBuilder AddOrchestratorTelemetry(this IHostApplicationBuilder builder, string serviceName)
    {
        var otlp = ExportsTraces(builder.Configuration);
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(
                serviceName: builder.Configuration["OTEL_SERVICE_NAME"] ?? serviceName,
                serviceInstanceId: Environment.GetEnvironmentVariable("POD_NAME") ?? Environment.MachineName));
        if (otlp)
        {
            // Spans are recorded only when something receives them: without an exporter every request would still
            // build and tag a span per HTTP request, grain call and SQL command for nobody.
            telemetry.WithTracing(tracing => tracing
                .AddSource(OrchestratorMetrics.MeterName, LlmTelemetry.Name)
                .AddSource("Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application")
                .AddAspNetCoreInstrumentation(options => options.Filter = context =>
                    !context.Request.Path.StartsWithSegments("/health") && !context.Request.Path.StartsWithSegments("/metrics"))
                .AddHttpClientInstrumentation(options => options.EnrichWithHttpRequestMessage = RedactBotToken)
                .AddNpgsql()
                .AddOtlpExporter());
        }

        telemetry
            .WithMetrics(metrics =>
            {
                metrics
                    .AddMeter(OrchestratorMetrics.MeterName, LlmTelemetry.Name, "Microsoft.Orleans")
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddPrometheusExporter();
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
            });
        return builder;
    }

    /// <summary><c>GET /metrics</c> in Prometheus text format.</summary>
    public static IEndpointRouteBuilder MapOrchestratorMetrics(this IEndpointRouteBuilder routes)
    {
        routes.MapPrometheusScrapingEndpoint("/metrics");
        return routes;
    }

    /// <summary>Telegram puts the bot token in the path (<c>/bot{token}/sendMessage</c>): keep it out of traces.</summary>
    private static void RedactBotToken(System.Diagnostics.Activity activity, HttpRequestMessage request)
    {
        if (request.RequestUri is { } uri && uri.AbsolutePath.StartsWith("/bot", StringComparison.Ordinal))
        {
            var method = uri.AbsolutePath[(uri.AbsolutePath.LastIndexOf('/') + 1)..];
            activity.SetTag("url.full", $"{uri.Scheme}://{uri.Authority}/bot<redacted>/{method}");
        }
    }
}
