using Orchestrator.Silo.Hosting;

namespace Orchestrator.Gateway;

/// <summary>
/// The gateway process. With nothing configured it runs embedded (an in-process silo, in-memory storage, the local
/// model and the demo tenant) on port 8000; with <c>REDIS_URL</c> and <c>DATABASE_URL</c> it joins a cluster as a client.
/// </summary>
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
            builder.AddOrchestratorGateway();
            var app = builder.Build();
            app.MapOrchestratorGateway();
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
