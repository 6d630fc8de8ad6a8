using System.Text.Json;
using Orchestrator.Grains.Security;

namespace Orchestrator.Grains.Platforms;

/// <summary>A Telegram text message to a tenant's bot.</summary>
/// <param name="UpdateId">Identifies the update; Telegram re-delivers an update it got no 200 for.</param>
/// <param name="ChatId">Where the reply goes; also the conversation's user id (in a private chat it is the user's id).</param>
public sealed record TelegramMessage(long UpdateId, long ChatId, long MessageId, DateTimeOffset SentAt, string Text);

/// <summary>
/// The Telegram Bot API webhook: the <c>X-Telegram-Bot-Api-Secret-Token</c> check and the parsing of an update.
/// Updates other than a new text message (edits, joins, stickers, callback queries...) are acknowledged and ignored.
/// </summary>
public static class TelegramWebhook
{
    public const string SecretHeader = "X-Telegram-Bot-Api-Secret-Token";

    /// <summary>Constant-time comparison of the header with the secret given to <c>setWebhook</c>.</summary>
    public static bool IsSecretValid(string? header, string secretToken) =>
        header is not null && ApiKeys.SameSecret(secretToken, header);

    /// <summary>The text message of an update, or null for any other update. Throws <see cref="FormatException"/> when it is not an update.</summary>
    public static TelegramMessage? Parse(ReadOnlySpan<byte> body)
    {
        try
        {
            using var document = JsonDocument.Parse(body.ToArray(), new JsonDocumentOptions { MaxDepth = 32 });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("update_id", out var updateId) || !updateId.TryGetInt64(out var update))
            {
                throw new FormatException("Not a Telegram update (update_id).");
            }

            if (!root.TryGetProperty("message", out var message) || message.ValueKind != JsonValueKind.Object
                || !message.TryGetProperty("text", out var text) || text.ValueKind != JsonValueKind.String || text.GetString() is not { Length: > 0 } content
                || !message.TryGetProperty("chat", out var chat) || chat.ValueKind != JsonValueKind.Object
                || !chat.TryGetProperty("id", out var chatId) || !chatId.TryGetInt64(out var chatNumber)
                || !message.TryGetProperty("message_id", out var messageId) || !messageId.TryGetInt64(out var messageNumber))
            {
                return null;
            }

            var sentAt = message.TryGetProperty("date", out var date) && date.TryGetInt64(out var seconds)
                ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                : DateTimeOffset.UnixEpoch;
            return new TelegramMessage(update, chatNumber, messageNumber, sentAt, content);
        }
        catch (JsonException exception)
        {
            throw new FormatException("The body is not JSON.", exception);
        }
    }
}
