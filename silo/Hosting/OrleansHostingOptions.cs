using System.ComponentModel.DataAnnotations;

namespace Orchestrator.Silo.Hosting;

/// <summary>How the Orleans silo (and the gateway's client) join the cluster (section <c>Orleans</c>).</summary>
public sealed class OrleansHostingOptions
{
    public const string Section = "Orleans";

    /// <summary>Silo-to-silo port (<c>ORLEANS_SILO_PORT</c>). Default 11111.</summary>
    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port clients (gateways) connect to (<c>ORLEANS_GATEWAY_PORT</c>). Default 30000.</summary>
    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Silos and clients with the same cluster id form one cluster. Default <c>orchestrator</c>.</summary>
    [Required, RegularExpression("^[A-Za-z0-9_.-]{1,64}$")]
    public string ClusterId { get; set; } = "orchestrator";

    /// <summary>Identifies the application across deployments; part of every persisted grain state key.</summary>
    [Required, RegularExpression("^[A-Za-z0-9_.-]{1,64}$")]
    public string ServiceId { get; set; } = "orchestrator";

    /// <summary>The address other silos reach this one at; default: the first non-loopback address (loopback when clustering locally).</summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>Idle grains are deactivated after this time. Default 15 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Idle session grains are deactivated sooner, since there are many of them. Default 5 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan SessionCollectionAge { get; set; } = TimeSpan.FromMinutes(5);
}
