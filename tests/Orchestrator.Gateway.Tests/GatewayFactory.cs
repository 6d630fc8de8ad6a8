using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Orchestrator.Gateway.Tests;

/// <summary>
/// The real gateway in embedded mode (in-process silo, in-memory stores, local model, demo tenant), on free Orleans
/// ports so several factories can run side by side.
/// </summary>
public sealed class GatewayFactory : WebApplicationFactory<Program>
{
    /// <summary>The operator key the test gateway runs with; clients send it unless a test says otherwise.</summary>
    public const string OperatorKey = "test-operator-key-0123456789";

    private readonly Dictionary<string, string?> _settings = new(StringComparer.Ordinal)
    {
        ["Auth:OperatorKey"] = OperatorKey,
        ["RateLimits:UserMessagesPerMinute"] = "0",
        ["RateLimits:TenantMessagesPerSecond"] = "0",
        ["RateLimits:PerIpPerMinute"] = "0",
        ["Orleans:SiloPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Orleans:GatewayPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Logging:LogLevel:Default"] = "Warning",
        ["Logging:LogLevel:Orleans"] = "Error",
    };

    /// <summary>Overrides a setting for this factory; call before the first client is created.</summary>
    public GatewayFactory With(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    /// <summary>A client without the operator key (for the authentication tests).</summary>
    public HttpClient CreateAnonymousClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Remove("X-API-Key");
        return client;
    }

    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.DefaultRequestHeaders.Add("X-API-Key", OperatorKey);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>One gateway shared by the tests of a collection (starting a silo takes a second or two).</summary>
[CollectionDefinition(Name)]
public sealed class GatewayCollection : ICollectionFixture<GatewayFactory>
{
    public const string Name = "gateway";
}
