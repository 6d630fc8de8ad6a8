using System.Collections.Immutable;

namespace Orchestrator.Grains.Integrations;

/// <summary>The integrations a tenant can set, the settings and secrets each needs, and their rules.</summary>
public static class IntegrationKinds
{
    /// <summary>Signed webhook for escalations (Standard Webhooks scheme): settings <c>url</c>; secret <c>secret</c>.</summary>
    public const string EscalationWebhook = "escalation_webhook";

    /// <summary>WhatsApp Cloud API: settings <c>phone_number_id</c>, optional <c>graph_api_version</c>; secrets
    /// <c>access_token</c>, <c>app_secret</c>, <c>verify_token</c>.</summary>
    public const string WhatsApp = "whatsapp";

    /// <summary>Telegram Bot API: secrets <c>bot_token</c>, <c>secret_token</c>.</summary>
    public const string Telegram = "telegram";

    public const string PhoneNumberId = "phone_number_id";

    public static readonly ImmutableArray<string> All = [EscalationWebhook, WhatsApp, Telegram];

    private static readonly Dictionary<string, (string[] RequiredSettings, string[] OptionalSettings, string[] RequiredSecrets)> Shapes = new(StringComparer.Ordinal)
    {
        [EscalationWebhook] = (["url"], [], ["secret"]),
        [WhatsApp] = (["phone_number_id"], ["graph_api_version"], ["access_token", "app_secret", "verify_token"]),
        [Telegram] = ([], ["bot_username"], ["bot_token", "secret_token"]),
    };

    /// <summary>Every problem of an integration, as (field, problem) pairs; empty when it is valid.</summary>
    public static List<(string Field, string Problem)> Check(string kind, IReadOnlyDictionary<string, string>? settings, IReadOnlyDictionary<string, string>? secrets)
    {
        var problems = new List<(string, string)>();
        if (!Shapes.TryGetValue(kind, out var shape))
        {
            problems.Add(("kind", $"must be one of: {string.Join(", ", All)}."));
            return problems;
        }

        settings ??= ImmutableSortedDictionary<string, string>.Empty;
        secrets ??= ImmutableSortedDictionary<string, string>.Empty;
        foreach (var key in shape.RequiredSettings.Where(k => !settings.ContainsKey(k)))
        {
            problems.Add(($"settings.{key}", "is required."));
        }

        foreach (var key in settings.Keys.Where(k => !shape.RequiredSettings.Contains(k) && !shape.OptionalSettings.Contains(k)))
        {
            problems.Add(($"settings.{key}", "is not a setting of this integration."));
        }

        foreach (var key in shape.RequiredSecrets.Where(k => !secrets.ContainsKey(k)))
        {
            problems.Add(($"secrets.{key}", "is required."));
        }

        foreach (var key in secrets.Keys.Where(k => !shape.RequiredSecrets.Contains(k)))
        {
            problems.Add(($"secrets.{key}", "is not a secret of this integration."));
        }

        foreach (var (key, value) in settings.Concat(secrets))
        {
            if (string.IsNullOrWhiteSpace(value) || value.Length > 2000 || value.Any(char.IsControl))
            {
                problems.Add((settings.ContainsKey(key) ? $"settings.{key}" : $"secrets.{key}", "must be 1–2000 printable characters."));
            }
        }

        if (settings.TryGetValue("url", out var url) && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"))
        {
            problems.Add(("settings.url", "must be an absolute http(s) URL."));
        }

        if (settings.TryGetValue("phone_number_id", out var phone) && !phone.All(char.IsAsciiDigit))
        {
            problems.Add(("settings.phone_number_id", "must be the digits of the WhatsApp phone number id."));
        }

        if (kind == EscalationWebhook && secrets.TryGetValue("secret", out var secret) && secret.Length < 16)
        {
            problems.Add(("secrets.secret", "must be at least 16 characters."));
        }

        return problems;
    }

    /// <summary>A secret as the API shows it: the last four characters only.</summary>
    public static string Mask(string secret) => secret.Length <= 4 ? "****" : $"****{secret[^4..]}";
}
