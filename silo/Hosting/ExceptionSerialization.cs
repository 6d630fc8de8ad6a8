using Orleans.Serialization;

namespace Orchestrator.Silo.Hosting;

/// <summary>
/// Lets Npgsql exceptions cross grain and process boundaries. Orleans' own storage provider throws them (for
/// example when a grain's state cannot be read during an outage); without this the caller would get a
/// codec error instead of the outage, and the gateway could not answer 503.
/// </summary>
public static class ExceptionSerialization
{
    public static IServiceCollection AddOrchestratorExceptionSerialization(this IServiceCollection services) =>
        services.Configure<ExceptionSerializationOptions>(options => options.SupportedNamespacePrefixes.Add("Npgsql"));
}
