namespace Orchestrator.Gateway.Security;

/// <summary>API key settings (<c>Auth</c> section; <c>OPERATOR_API_KEY</c> sets the operator key).</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>The key for all tenants and for the operator routes. Required in cluster mode.</summary>
    public string? OperatorKey { get; set; }

    /// <summary>
    /// How long a gateway keeps a tenant's webhook secret (or that it has none) before asking again: a secret set or
    /// removed through another gateway applies here within this time.
    /// </summary>
    public TimeSpan WebhookSecretCacheTtl { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The operator key embedded mode uses when none is set, so the system runs from one command; the gateway warns
    /// at start-up. Never used in cluster mode.
    /// </summary>
    public const string EmbeddedDefaultKey = Orchestrator.Silo.Hosting.DeploymentMode.EmbeddedOperatorKey;
}
