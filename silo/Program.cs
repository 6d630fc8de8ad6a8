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

            var app = builder.Build();
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
