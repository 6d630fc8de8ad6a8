using Orchestrator.Silo.Hosting;

namespace Orchestrator.Silo;

/// <summary>The silo process: hosts the grains; in cluster mode one of many behind the gateways.</summary>
public sealed class Program
{
    private Program()
    {
    }

    public static async Task<int> Main(string[] args)
    {
        if (await ProbeCommand.TryRunAsync(args) is { } probed)
        {
            return probed;
        }

        try
        {
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
            {
                Args = args,
                EnvironmentName = LegacyEnvironmentSettings.EnvironmentName(),
            });
            builder.Configuration.AddLegacyEnvironmentVariables();
            builder.Logging.AddOrchestratorJsonConsole();
            builder.AddOrchestratorSilo();
            builder.AddOrchestratorTelemetry("orchestrator-silo");
            var mode = DeploymentMode.From(builder.Configuration);
            builder.Services.AddHealthChecks()
                .AddCheck<SiloStatusHealthCheck>("silo", tags: [DependencyHealthCheckExtensions.ReadyTag])
                .AddOrchestratorDependencies(builder.Services, mode);
            if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey])
                && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_HTTP_PORTS"]))
            {
                // Probes and metrics; Orleans itself talks on its own ports.
                builder.WebHost.UseUrls("http://0.0.0.0:8080");
            }

            var app = builder.Build();
            app.MapOrchestratorHealth(mode.IsCluster ? "cluster" : "embedded");
            app.MapOrchestratorMetrics();
            app.MapOrchestratorDashboard();
            await app.RunAsync();
            return 0;
        }
        catch (Exception exception) when (StartupFailure.Describe(exception) is { } reason)
        {
            await Console.Error.WriteLineAsync(reason);
            return 2;
        }
    }
}
