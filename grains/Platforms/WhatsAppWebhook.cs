using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Orchestrator.Grains.Platforms;

/// <summary>A WhatsApp user's text message, as delivered by the Cloud API webhook.</summary>
/// <param name="PhoneNumberId">The business number it was sent to (<c>metadata.phone_number_id</c>): how its tenant is found.</param>
/// <param name="From">The user's WhatsApp id (<c>wa_id</c>), also where the reply goes.</param>
/// <param name="MessageId">The platform's message id (<c>wamid…</c>): Meta may deliver it more than once.</param>
public sealed record WhatsAppMessage(string PhoneNumberId, string From, string MessageId, DateTimeOffset SentAt, string Text);

/// <summary>What one webhook delivery holds: text messages to answer, and how many other events were acknowledged and ignored.</summary>
public sealed record WhatsAppDelivery(IReadOnlyList<WhatsAppMessage> Messages, int Statuses, int Unsupported)
{
    /// <summary>The business numbers the delivery concerns (messages and statuses).</summary>
    public IReadOnlySet<string> PhoneNumberIds { get; init; } = new HashSet<string>(StringComparer.Ordinal);
}

/// <summary>
/// The WhatsApp Cloud API webhook: the <c>X-Hub-Signature-256</c> check over the raw body and the parsing of the
/// notification (<c>object</c> = <c>whatsapp_business_account</c>, <c>entry[].changes[].value</c>). Text messages are
/// kept; delivery and read receipts (<c>statuses</c>) and other message types (images, audio, reactions...) are
/// counted and ignored.
/// </summary>
public static class WhatsAppWebhook
{
    public const string SignatureHeader = "X-Hub-Signature-256";
    private const string SignaturePrefix = "sha256=";

    /// <summary>True when the header is <c>sha256=</c> and the hex HMAC-SHA256 of the body with the app secret (constant-time).</summary>
    public static bool IsSignatureValid(ReadOnlySpan<byte> body, string? header, string appSecret)
    {
        if (header is null || !header.StartsWith(SignaturePrefix, StringComparison.Ordinal) || header.Length != SignaturePrefix.Length + 64)
        {
            return false;
        }

        byte[] presented;
        try
        {
            presented = Convert.FromHexString(header.AsSpan(SignaturePrefix.Length));
        }
        catch (FormatException)
        {
            return false;
        }

        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(appSecret), body);
        return CryptographicOperations.FixedTimeEquals(expected, presented);
    }

    /// <summary>The signature header Meta would send for this body (used by tests and the fake platform).</summary>
    public static string Sign(ReadOnlySpan<byte> body, string appSecret) =>
        SignaturePrefix + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(appSecret), body));

    /// <summary>Parses a notification. Throws <see cref="FormatException"/> when it is not one.</summary>
    public static WhatsAppDelivery Parse(ReadOnlySpan<byte> body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.ToArray(), new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException exception)
        {
            throw new FormatException("The body is not JSON.", exception);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || Text(root, "object") != "whatsapp_business_account"
                || !root.TryGetProperty("entry", out var entries) || entries.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException("Not a WhatsApp Business Account notification (object, entry).");
            }

            var messages = new List<WhatsAppMessage>();
            var numbers = new HashSet<string>(StringComparer.Ordinal);
            int statuses = 0, unsupported = 0;
            foreach (var entry in entries.EnumerateArray())
            {
                if (!entry.TryGetProperty("changes", out var changes) || changes.ValueKind != JsonValueKind.Array)
                {
                    continue;
                }

                foreach (var change in changes.EnumerateArray())
                {
                    if (Text(change, "field") != "messages" || !change.TryGetProperty("value", out var value) || value.ValueKind != JsonValueKind.Object)
                    {
                        unsupported++;
                        continue;
                    }

                    var number = value.TryGetProperty("metadata", out var metadata) ? Text(metadata, "phone_number_id") : null;
                    if (string.IsNullOrEmpty(number))
                    {
                        throw new FormatException("A change has no metadata.phone_number_id.");
                    }

                    numbers.Add(number);
                    statuses += Count(value, "statuses");
                    if (!value.TryGetProperty("messages", out var items) || items.ValueKind != JsonValueKind.Array)
                    {
                        continue;
                    }

                    foreach (var item in items.EnumerateArray())
                    {
                        if (Read(number, item) is { } message)
                        {
                            messages.Add(message);
                        }
                        else
                        {
                            unsupported++;
                        }
                    }
                }
            }

            return new WhatsAppDelivery(messages, statuses, unsupported) { PhoneNumberIds = numbers };
        }
    }

    private static WhatsAppMessage? Read(string number, JsonElement item)
    {
        var from = Text(item, "from");
        var id = Text(item, "id");
        if (Text(item, "type") != "text" || string.IsNullOrEmpty(from) || string.IsNullOrEmpty(id)
            || !item.TryGetProperty("text", out var text) || Text(text, "body") is not { Length: > 0 } body)
        {
            return null;
        }

        var sentAt = long.TryParse(Text(item, "timestamp"), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : DateTimeOffset.UnixEpoch;
        return new WhatsAppMessage(number, from, id, sentAt, body);
    }

    private static int Count(JsonElement value, string property) =>
        value.TryGetProperty(property, out var array) && array.ValueKind == JsonValueKind.Array ? array.GetArrayLength() : 0;

    private static string? Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
