using System.ComponentModel.DataAnnotations;

namespace Orchestrator.Gateway;

/// <summary>HTTP settings (section <c>Api</c>; <c>API_HOST</c> and <c>API_PORT</c> map here).</summary>
public sealed class ApiOptions
{
    public const string Section = "Api";

    /// <summary>Address to listen on. Default 0.0.0.0 (all interfaces), as in the original design.</summary>
    [Required]
    public string Host { get; set; } = "0.0.0.0";

    /// <summary>Port to listen on. Default 8000.</summary>
    [Range(1, 65535)]
    public int Port { get; set; } = 8000;

    /// <summary>Largest accepted <c>/webhook</c> body. Default 64 KiB.</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int WebhookMaxBodyBytes { get; set; } = 64 * 1024;

    /// <summary>Largest accepted admin body (a tenant with its whole catalogue). Default 4 MiB.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int AdminMaxBodyBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Largest WhatsApp or Telegram delivery accepted (Meta batches several messages in one call).</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int ChannelMaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Longest accepted message text, in characters. Default 4096 (WhatsApp's limit).</summary>
    [Range(1, 65536)]
    public int MaxMessageLength { get; set; } = 4096;
}
