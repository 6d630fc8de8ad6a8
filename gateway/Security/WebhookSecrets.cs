using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Orchestrator.GrainInterfaces;
using Orchestrator.Grains.Security;

namespace Orchestrator.Gateway.Security;

/// <summary>
/// Checks the optional per-tenant shared secret of <c>POST /webhook</c> (header <c>X-Webhook-Secret</c>). The tenant's
/// secret hash is read from its keys grain and kept here for <see cref="AuthOptions.WebhookSecretCacheTtl"/>, so the
/// message path does not pay a grain call per message; a change made through this gateway applies at once, one made
/// through another gateway within that time. The presented secret is hashed and compared in constant time.
/// </summary>
public sealed class WebhookSecrets(IGrainFactory grains, IOptions<AuthOptions> options, TimeProvider time) : IDisposable
{
    public const string Header = "X-Webhook-Secret";

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 100_000 });

    /// <summary>How a presented secret compares with what the tenant requires.</summary>
    public enum Check
    {
        /// <summary>The tenant requires no secret, or the right one was presented.</summary>
        Accepted,
        /// <summary>The tenant requires a secret and none was presented.</summary>
        Missing,
        /// <summary>The tenant requires a secret and another one was presented.</summary>
        Wrong,
    }

    public async ValueTask<Check> VerifyAsync(string businessId, string? presented)
    {
        var required = await RequiredHashAsync(businessId);
        if (required is null)
        {
            return Check.Accepted;
        }

        if (string.IsNullOrEmpty(presented))
        {
            return Check.Missing;
        }

        return ApiKeys.Matches(required, ApiKeys.Hash(presented)) ? Check.Accepted : Check.Wrong;
    }

    /// <summary>Forgets what is known of a tenant's secret (it was just changed through this gateway).</summary>
    public void Forget(string businessId) => _cache.Remove(businessId);

    private async ValueTask<byte[]?> RequiredHashAsync(string businessId)
    {
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(businessId, out Entry? entry) && entry!.ExpiresAt > now)
        {
            return entry.Hash;
        }

        var info = await grains.GetApiKeys(businessId).GetWebhookSecret();
        _cache.Set(businessId, new Entry(info?.Hash, now + options.Value.WebhookSecretCacheTtl), new MemoryCacheEntryOptions { Size = 1 });
        return info?.Hash;
    }

    public void Dispose() => _cache.Dispose();

    private sealed record Entry(byte[]? Hash, DateTimeOffset ExpiresAt);
}
