using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Orchestrator.Grains.Security;

/// <summary>
/// Tenant API keys: <c>ork.{business id, base64url}.{key id}.{secret}</c>. The business id in the key tells the
/// gateway which tenant grain can check it; the key id names the key in lists and revocations; the secret (160 random
/// bits) is kept only as its SHA-256 (a fast hash is right for a high-entropy random secret). Comparisons are in
/// constant time.
/// </summary>
public static class ApiKeys
{
    public const string Prefix = "ork";
    private const string KeyIdAlphabet = "0123456789abcdefghjkmnpqrstvwxyz";
    private const int KeyIdLength = 12;
    private const int SecretBytes = 20;

    /// <summary>A new key for the tenant: its id, the full key (shown once) and the hash to keep.</summary>
    public static (string KeyId, string Key, byte[] Hash) Create(string businessId)
    {
        var keyId = RandomNumberGenerator.GetString(KeyIdAlphabet, KeyIdLength);
        var secret = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(SecretBytes));
        var key = $"{Prefix}.{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(businessId))}.{keyId}.{secret}";
        return (keyId, key, Hash(secret));
    }

    /// <summary>A new webhook shared secret (<c>whsec_</c> and 256 random bits) and the hash to keep.</summary>
    public static (string Secret, byte[] Hash) CreateWebhookSecret()
    {
        var secret = "whsec_" + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        return (secret, Hash(secret));
    }

    /// <summary>The parts of a tenant key, or null when the text is not shaped like one.</summary>
    public static ParsedApiKey? Parse(string? key)
    {
        if (key is null || key.Length > 512)
        {
            return null;
        }

        var parts = key.Split('.');
        if (parts.Length != 4 || parts[0] != Prefix || parts[2].Length != KeyIdLength || parts[3].Length == 0)
        {
            return null;
        }

        try
        {
            var businessId = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[1]));
            return businessId.Length == 0 ? null : new ParsedApiKey(businessId, parts[2], Hash(parts[3]));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    /// <summary>Constant-time equality of two hashes.</summary>
    public static bool Matches(byte[] expected, byte[] actual) => CryptographicOperations.FixedTimeEquals(expected, actual);

    /// <summary>
    /// Constant-time check of a presented key against a configured one (the operator key): both are hashed first, so
    /// neither the content nor the length of the configured key leaks through timing.
    /// </summary>
    public static bool SameSecret(string configured, string presented) =>
        CryptographicOperations.FixedTimeEquals(Hash(configured), Hash(presented));
}

public sealed record ParsedApiKey(string BusinessId, string KeyId, byte[] SecretHash);
