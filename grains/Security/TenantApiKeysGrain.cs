using System.Collections.Immutable;
using Orchestrator.GrainInterfaces;

namespace Orchestrator.Grains.Security;

[GenerateSerializer, Alias("orch.api-keys-state")]
public sealed class ApiKeysState
{
    [Id(0)]
    public List<StoredApiKey> Keys { get; set; } = [];

    /// <summary>SHA-256 of the secret <c>/webhook</c> calls must carry; null when none is required.</summary>
    [Id(1)]
    public byte[]? WebhookSecretHash { get; set; }

    [Id(2)]
    public DateTimeOffset? WebhookSecretCreatedAt { get; set; }
}

[GenerateSerializer, Alias("orch.stored-api-key")]
public sealed class StoredApiKey
{
    [Id(0)]
    public string KeyId { get; set; } = "";

    [Id(1)]
    public string Name { get; set; } = "";

    [Id(2)]
    public byte[] Hash { get; set; } = [];

    [Id(3)]
    public DateTimeOffset CreatedAt { get; set; }

    [Id(4)]
    public DateTimeOffset? RevokedAt { get; set; }
}

/// <summary>A tenant's API keys, as hashes in grain state (PostgreSQL in cluster mode).</summary>
public sealed class TenantApiKeysGrain(
    [PersistentState("apikeys", StorageNames.ApiKeys)] IPersistentState<ApiKeysState> state,
    TimeProvider time) : Grain, ITenantApiKeysGrain
{
    private readonly Dictionary<string, DateTimeOffset> _lastUsed = new(StringComparer.Ordinal);

    public async Task<CreatedApiKey?> Create(string name)
    {
        if (state.State.Keys.Count(k => k.RevokedAt is null) >= ITenantApiKeysGrain.MaxActiveKeys)
        {
            return null;
        }

        var (keyId, key, hash) = ApiKeys.Create(this.GetPrimaryKeyString());
        var stored = new StoredApiKey { KeyId = keyId, Name = name, Hash = hash, CreatedAt = time.GetUtcNow() };
        state.State.Keys.Add(stored);
        await state.WriteStateAsync();
        return new CreatedApiKey(Info(stored), key);
    }

    public Task<ImmutableArray<ApiKeyInfo>> List() => Task.FromResult(state.State.Keys.Select(Info).ToImmutableArray());

    public async Task<bool> Revoke(string keyId)
    {
        if (state.State.Keys.Find(k => k.KeyId == keyId) is not { RevokedAt: null } key)
        {
            return false;
        }

        key.RevokedAt = time.GetUtcNow();
        await state.WriteStateAsync();
        return true;
    }

    public async Task RevokeAll()
    {
        var now = time.GetUtcNow();
        var any = false;
        foreach (var key in state.State.Keys.Where(k => k.RevokedAt is null))
        {
            key.RevokedAt = now;
            any = true;
        }

        if (state.State.WebhookSecretHash is not null)
        {
            state.State.WebhookSecretHash = null;
            state.State.WebhookSecretCreatedAt = null;
            any = true;
        }

        if (any)
        {
            await state.WriteStateAsync();
        }
    }

    public Task<bool> Verify(string keyId, byte[] secretHash)
    {
        // Every stored key is compared, in constant time, so the answer takes as long for a wrong id as for a wrong secret.
        var valid = false;
        foreach (var key in state.State.Keys)
        {
            var matches = ApiKeys.Matches(key.Hash, secretHash);
            valid |= matches && key.RevokedAt is null && string.Equals(key.KeyId, keyId, StringComparison.Ordinal);
        }

        if (valid)
        {
            _lastUsed[keyId] = time.GetUtcNow();
        }

        return Task.FromResult(valid);
    }

    public async Task<CreatedWebhookSecret> CreateWebhookSecret()
    {
        var (secret, hash) = ApiKeys.CreateWebhookSecret();
        var now = time.GetUtcNow();
        state.State.WebhookSecretHash = hash;
        state.State.WebhookSecretCreatedAt = now;
        await state.WriteStateAsync();
        return new CreatedWebhookSecret(secret, now);
    }

    public async Task<bool> RemoveWebhookSecret()
    {
        if (state.State.WebhookSecretHash is null)
        {
            return false;
        }

        state.State.WebhookSecretHash = null;
        state.State.WebhookSecretCreatedAt = null;
        await state.WriteStateAsync();
        return true;
    }

    public Task<WebhookSecretInfo?> GetWebhookSecret() => Task.FromResult(
        state.State.WebhookSecretHash is { } hash ? new WebhookSecretInfo(hash, state.State.WebhookSecretCreatedAt ?? default) : null);

    private ApiKeyInfo Info(StoredApiKey key) =>
        new(key.KeyId, key.Name, key.CreatedAt, key.RevokedAt, _lastUsed.TryGetValue(key.KeyId, out var used) ? used : null);
}
