using System.ComponentModel.DataAnnotations;

namespace Orchestrator.Grains.Platforms;

/// <summary>Where the platform APIs are (<c>Channels</c> section). Tokens and secrets are per tenant, in its integrations.</summary>
public sealed class ChannelOptions
{
    public const string Section = "Channels";

    public WhatsAppApiOptions WhatsApp { get; set; } = new();

    public TelegramApiOptions Telegram { get; set; } = new();
}

public sealed class WhatsAppApiOptions
{
    /// <summary>The Graph API host.</summary>
    [Required]
    public Uri GraphBaseUrl { get; set; } = new("https://graph.facebook.com");

    /// <summary>The Graph API version used when a tenant's integration does not name one (<c>graph_api_version</c>).</summary>
    [Required, RegularExpression(@"^v\d+\.\d+$")]
    public string GraphApiVersion { get; set; } = "v21.0";

    /// <summary>
    /// The verify token of a Meta app shared by several shops, whose callback URL is <c>/channels/whatsapp</c>
    /// (without a shop id). Shops with their own app use <c>/channels/whatsapp/{isletme_id}</c> and their own token.
    /// </summary>
    public string? VerifyToken { get; set; }
}

public sealed class TelegramApiOptions
{
    /// <summary>The Bot API host.</summary>
    [Required]
    public Uri ApiBaseUrl { get; set; } = new("https://api.telegram.org");
}
