using System.Globalization;

namespace Orchestrator.IntegrationTests.Infrastructure;

/// <summary>Silo and gateway processes of one cluster (its own cluster id), on a given database and Redis.</summary>
public sealed class ProcessCluster(string databaseUrl, string redisUrl, IReadOnlyDictionary<string, string>? settings = null) : IAsyncDisposable
{
    public const string OperatorKey = "integration-operator-key";

    private readonly List<ServiceProcess> _processes = [];
    private readonly string _clusterId = "test-" + Guid.NewGuid().ToString("N")[..8];

    public List<ServiceProcess> Silos { get; } = [];

    public List<ServiceProcess> Gateways { get; } = [];

    /// <summary>Starts a silo and waits until it is an active member; the first one seeds the demo shop.</summary>
    public async Task<ServiceProcess> StartSiloAsync()
    {
        var http = Tools.FreePort();
        var silo = ServiceProcess.Start($"silo-{Silos.Count + 1}", "Orchestrator.Silo.dll", http, Environment(new()
        {
            ["ORLEANS_SILO_PORT"] = Port(Tools.FreePort()),
            ["ORLEANS_GATEWAY_PORT"] = Port(Tools.FreePort()),
            ["Orleans__AdvertisedAddress"] = "127.0.0.1",
            ["ASPNETCORE_HTTP_PORTS"] = Port(http),
            ["Seed__Demo"] = Silos.Count == 0 ? "true" : "false",
        }));
        _processes.Add(silo);
        Silos.Add(silo);
        await silo.WaitReadyAsync(TimeSpan.FromSeconds(90));
        return silo;
    }

    public async Task<ServiceProcess> StartGatewayAsync()
    {
        var port = Tools.FreePort();
        var gateway = ServiceProcess.Start($"gateway-{Gateways.Count + 1}", "Orchestrator.Gateway.dll", port, Environment(new()
        {
            ["API_HOST"] = "127.0.0.1",
            ["API_PORT"] = Port(port),
        }));
        _processes.Add(gateway);
        Gateways.Add(gateway);
        await gateway.WaitReadyAsync(TimeSpan.FromSeconds(60));
        return gateway;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }
    }

    private Dictionary<string, string> Environment(Dictionary<string, string> own)
    {
        var environment = new Dictionary<string, string>(settings ?? new Dictionary<string, string>())
        {
            ["DATABASE_URL"] = databaseUrl,
            ["REDIS_URL"] = redisUrl,
            ["ORLEANS_CLUSTER_ID"] = _clusterId,
            ["OPERATOR_API_KEY"] = OperatorKey,
            ["RateLimits__UserMessagesPerMinute"] = "0",
            ["RateLimits__TenantMessagesPerSecond"] = "0",
            ["RateLimits__PerIpPerMinute"] = "0",
        };
        foreach (var (key, value) in own)
        {
            environment[key] = value;
        }

        return environment;
    }

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);
}
