using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Orchestrator.Grains.Escalations.Notifications;
using Orchestrator.Grains.Integrations;

namespace Orchestrator.Grains.Platforms;

/// <summary>
/// Sends a text to a WhatsApp user with the Graph API <c>messages</c> call, from the tenant's number with the tenant's
/// token. 2xx is delivered; 408, 429 and 5xx are retried by the outbox; other 4xx (bad token, unknown user) fail for
/// good with Meta's error recorded.
/// </summary>
public sealed class WhatsAppChannel(IHttpClientFactory http, IIntegrationStore integrations, IOptions<ChannelOptions> options) : IUserChannel
{
    public const string HttpClientName = "whatsapp";

    public string Platform => "whatsapp";

    public string IntegrationKind => IntegrationKinds.WhatsApp;

    public async Task<DeliveryResult> SendAsync(string businessId, string userId, string text, CancellationToken cancellationToken)
    {
        if (await integrations.GetAsync(businessId, IntegrationKind, cancellationToken) is not { } integration)
        {
            return DeliveryResult.Skipped("the business has no WhatsApp integration");
        }

        var settings = options.Value.WhatsApp;
        var version = integration.Settings.GetValueOrDefault("graph_api_version") ?? settings.GraphApiVersion;
        var number = integration.Settings[IntegrationKinds.PhoneNumberId];
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"{settings.GraphBaseUrl.AbsoluteUri.TrimEnd('/')}/{Uri.EscapeDataString(version)}/{Uri.EscapeDataString(number)}/messages"))
        {
            Content = JsonContent.Create(new JsonObject
            {
                ["messaging_product"] = "whatsapp",
                ["recipient_type"] = "individual",
                ["to"] = userId,
                ["type"] = "text",
                ["text"] = new JsonObject { ["preview_url"] = false, ["body"] = ChannelMessages.Fit(text) },
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", integration.Secrets["access_token"]);
        using var response = await http.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
        return DeliveryResult.FromHttp(response, await response.Content.ReadAsStringAsync(cancellationToken));
    }
}

/// <summary>
/// Sends a text to a Telegram chat with the Bot API <c>sendMessage</c>, with the tenant's bot token. A 429 names its
/// wait in <c>parameters.retry_after</c>; that wait is honoured. The token is part of the URL, so this client's
/// requests are never logged (see the registration) and its traces are redacted.
/// </summary>
public sealed class TelegramChannel(IHttpClientFactory http, IIntegrationStore integrations, IOptions<ChannelOptions> options) : IUserChannel
{
    public const string HttpClientName = "telegram";

    public string Platform => "telegram";

    public string IntegrationKind => IntegrationKinds.Telegram;

    public async Task<DeliveryResult> SendAsync(string businessId, string userId, string text, CancellationToken cancellationToken)
    {
        if (await integrations.GetAsync(businessId, IntegrationKind, cancellationToken) is not { } integration)
        {
            return DeliveryResult.Skipped("the business has no Telegram integration");
        }

        if (!long.TryParse(userId, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var chatId))
        {
            return DeliveryResult.Permanent($"'{userId}' is not a Telegram chat id");
        }

        // Built as a string: as a relative URI, "bot123:ABC…" would read as a URI with the scheme "bot123".
        var token = integration.Secrets["bot_token"];
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"{options.Value.Telegram.ApiBaseUrl.AbsoluteUri.TrimEnd('/')}/bot{token}/sendMessage"))
        {
            Content = JsonContent.Create(new JsonObject { ["chat_id"] = chatId, ["text"] = ChannelMessages.Fit(text) }),
        };
        using var response = await http.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var result = DeliveryResult.FromHttp(response, body.Replace(token, "<bot-token>", StringComparison.Ordinal));
        return result.Outcome == DeliveryOutcome.Retry && result.RetryAfter is null && RetryAfter(body) is { } after
            ? result with { RetryAfter = after }
            : result;
    }

    /// <summary>Telegram's <c>{"ok":false,"error_code":429,"parameters":{"retry_after":N}}</c>.</summary>
    private static TimeSpan? RetryAfter(string body)
    {
        try
        {
            return JsonNode.Parse(body)?["parameters"]?["retry_after"]?.GetValue<int>() is int seconds and > 0 ? TimeSpan.FromSeconds(seconds) : null;
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }
}
