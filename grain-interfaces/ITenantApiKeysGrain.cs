using System.Collections.Immutable;
using Orleans.Concurrency;

namespace Orchestrator.GrainInterfaces;

/// <summary>
/// A tenant's API keys (one grain per tenant, keyed by the business id): created by the operator, shown once, kept
/// only as hashes, revocable. The gateway asks it to verify a tenant key on every admin or agent call, so a
/// revocation takes effect on the next request everywhere.
/// </summary>
[Alias("orch.tenant-api-keys")]
public interface ITenantApiKeysGrain : IGrainWithStringKey
{
    const int MaxActiveKeys = 50;

    /// <summary>A new key, or null when the tenant already has <see cref="MaxActiveKeys"/> active keys.</summary>
    [Alias("create")]
    Task<CreatedApiKey?> Create(string name);

    [Alias("list")]
    Task<ImmutableArray<ApiKeyInfo>> List();

    [Alias("revoke")]
    Task<bool> Revoke(string keyId);

    /// <summary>Revokes every key and removes the webhook secret (the tenant was deleted).</summary>
    [Alias("revoke-all")]
    Task RevokeAll();

    /// <summary>True when the key id is this tenant's, not revoked, and the secret's hash matches.</summary>
    [Alias("verify"), ReadOnly]
    Task<bool> Verify(string keyId, byte[] secretHash);

    /// <summary>
    /// A new shared secret that <c>POST /webhook</c> calls for this tenant must then carry (replacing any earlier one).
    /// Returned once; only its hash is kept.
    /// </summary>
    [Alias("create-webhook-secret")]
    Task<CreatedWebhookSecret> CreateWebhookSecret();

    /// <summary>Stops requiring a webhook secret. False when none was set.</summary>
    [Alias("remove-webhook-secret")]
    Task<bool> RemoveWebhookSecret();

    /// <summary>The SHA-256 of the tenant's webhook secret and when it was set, or null when none is required.</summary>
    [Alias("webhook-secret"), ReadOnly]
    Task<WebhookSecretInfo?> GetWebhookSecret();
}

[GenerateSerializer, Immutable, Alias("orch.webhook-secret-info")]
public sealed record WebhookSecretInfo(byte[] Hash, DateTimeOffset CreatedAt);

[GenerateSerializer, Immutable, Alias("orch.created-webhook-secret")]
public sealed record CreatedWebhookSecret(string Secret, DateTimeOffset CreatedAt);

[GenerateSerializer, Immutable, Alias("orch.api-key-info")]
public sealed record ApiKeyInfo(string KeyId, string Name, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt, DateTimeOffset? LastUsedAt);

[GenerateSerializer, Immutable, Alias("orch.created-api-key")]
public sealed record CreatedApiKey(ApiKeyInfo Info, string Key);
