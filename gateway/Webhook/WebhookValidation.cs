using System.Collections.Frozen;
using Orchestrator.Gateway.Http;
using Orchestrator.Grains.Businesses;

namespace Orchestrator.Gateway.Webhook;

/// <summary>The webhook's input rules. Every violation names its field.</summary>
internal static class WebhookValidation
{
    public const int MaxUserIdLength = 128;
    public const int MaxMessageIdLength = 256;

    /// <summary>Accepted <c>platform</c> values (case-insensitive; stored in lower case).</summary>
    public static readonly FrozenSet<string> Platforms =
        FrozenSet.Create(StringComparer.OrdinalIgnoreCase, "whatsapp", "telegram", "web", "instagram", "messenger", "api");

    public static FieldErrors Validate(WebhookRequest request, int maxMessageLength, out ValidMessage message)
    {
        var errors = new FieldErrors()
            .Check("mesaj_metni", CheckText(request.MesajMetni, maxMessageLength))
            .Check("kullanici_id", CheckIdentifier(request.KullaniciId, MaxUserIdLength))
            .Check("isletme_id", BusinessRules.CheckId(request.IsletmeId))
            .Check("platform", CheckPlatform(request.Platform))
            .Check("mesaj_id", request.MesajId is null ? null : CheckIdentifier(request.MesajId, MaxMessageIdLength));

        message = errors.Any
            ? default
            : new ValidMessage(
                request.MesajMetni!.Trim(),
                request.KullaniciId!.Trim(),
                request.IsletmeId!,
                request.Platform!.ToLowerInvariant(),
                request.MesajId?.Trim());
        return errors;
    }

    private static string? CheckText(string? text, int maxLength)
    {
        if (text is null)
        {
            return "is required.";
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return "must not be empty.";
        }

        if (text.Length > maxLength)
        {
            return $"must be at most {maxLength} characters.";
        }

        return text.Contains('\0') ? "must not contain NUL characters." : null;
    }

    private static string? CheckIdentifier(string? value, int maxLength)
    {
        if (value is null)
        {
            return "is required.";
        }

        var trimmed = value.AsSpan().Trim();
        if (trimmed.IsEmpty)
        {
            return "must not be empty.";
        }

        if (trimmed.Length > maxLength)
        {
            return $"must be at most {maxLength} characters.";
        }

        foreach (var c in trimmed)
        {
            if (char.IsControl(c))
            {
                return "must not contain control characters.";
            }
        }

        return null;
    }

    private static string? CheckPlatform(string? platform) => platform switch
    {
        null => "is required.",
        _ when Platforms.Contains(platform) => null,
        _ => $"must be one of: {string.Join(", ", Platforms.Order(StringComparer.Ordinal))}.",
    };
}

/// <summary>A webhook call that passed validation, normalised.</summary>
internal readonly record struct ValidMessage(string Text, string UserId, string BusinessId, string Platform, string? MessageId);
