namespace Orchestrator.Gateway.Security;

/// <summary>API key settings (<c>Auth</c> section; <c>OPERATOR_API_KEY</c> sets the operator key).</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>The key for all tenants and for the operator routes. Required in cluster mode.</summary>
    public string? OperatorKey { get; set; }

    /// <summary>
    /// The operator key embedded mode uses when none is set, so the system runs from one command; the gateway warns
    /// at start-up. Never used in cluster mode.
    /// </summary>
    public const string EmbeddedDefaultKey = "dev-operator-key";
}
