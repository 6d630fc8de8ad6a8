using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using Orchestrator.Grains.Integrations;

namespace Orchestrator.Grains.Escalations.Notifications;

/// <summary>Slack incoming webhook: <c>POST</c> of <c>{"text", "blocks"}</c>; 429's Retry-After is honoured.</summary>
public sealed class SlackNotifier(IHttpClientFactory http, IOptions<NotificationOptions> options) : INotificationSender
{
    public const string HttpClientName = "notifications";

    public string Channel => Channels.Slack;

    public async Task<DeliveryResult> SendAsync(OutboxItem item, CancellationToken cancellationToken)
    {
        if (options.Value.Slack.WebhookUrl is not { } url)
        {
            return DeliveryResult.Skipped("SLACK_WEBHOOK_URL is not set");
        }

        using var content = new StringContent(NotificationText.SlackPayload(item.Message.Event), Encoding.UTF8, "application/json");
        using var response = await http.CreateClient(HttpClientName).PostAsync(url, content, cancellationToken);
        return DeliveryResult.FromHttp(response, await response.Content.ReadAsStringAsync(cancellationToken));
    }
}

/// <summary>E-mail through SMTP with MailKit, to <c>ESCALATION_EMAIL_RECIPIENTS</c>.</summary>
public sealed class EmailNotifier(IOptions<NotificationOptions> options) : INotificationSender
{
    public string Channel => Channels.Email;

    public async Task<DeliveryResult> SendAsync(OutboxItem item, CancellationToken cancellationToken)
    {
        var email = options.Value.Email;
        if (!email.IsConfigured)
        {
            return DeliveryResult.Skipped("SMTP_HOST or ESCALATION_EMAIL_RECIPIENTS is not set");
        }

        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(email.From ?? (email.Username is { } user && user.Contains('@') ? user : "orchestrator@localhost")));
        foreach (var recipient in email.Recipients)
        {
            message.To.Add(MailboxAddress.Parse(recipient));
        }

        message.Subject = NotificationText.Title(item.Message.Event);
        message.MessageId = $"{item.Message.Id:N}@orchestrator";
        message.Body = new TextPart("plain") { Text = NotificationText.Body(item.Message.Event) };

        using var client = new SmtpClient { Timeout = (int)options.Value.Delivery.Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(email.Host!, email.Port, Enum.Parse<SecureSocketOptions>(email.Tls), cancellationToken);
            if (!string.IsNullOrEmpty(email.Username))
            {
                await client.AuthenticateAsync(email.Username, email.Password ?? "", cancellationToken);
            }

            await client.SendAsync(message, cancellationToken);
            await client.DisconnectAsync(true, cancellationToken);
            return DeliveryResult.Delivered;
        }
        catch (SmtpCommandException exception) when ((int)exception.StatusCode >= 500)
        {
            return DeliveryResult.Permanent($"SMTP {(int)exception.StatusCode}: {exception.Message}");
        }
        catch (AuthenticationException exception)
        {
            return DeliveryResult.Permanent($"SMTP authentication failed: {exception.Message}");
        }
        catch (Exception exception) when (exception is SmtpCommandException or SmtpProtocolException or IOException or System.Net.Sockets.SocketException or TimeoutException or SslHandshakeException)
        {
            return DeliveryResult.Retry($"SMTP: {exception.Message}");
        }
    }
}

/// <summary>
/// The tenant's signed webhook (Standard Webhooks): headers <c>webhook-id</c> (the outbox id, the same on every
/// retry, so receivers can drop duplicates), <c>webhook-timestamp</c> and <c>webhook-signature</c>.
/// </summary>
public sealed class WebhookNotifier(IHttpClientFactory http, IIntegrationStore integrations, TimeProvider time) : INotificationSender
{
    public string Channel => Channels.Webhook;

    public async Task<DeliveryResult> SendAsync(OutboxItem item, CancellationToken cancellationToken)
    {
        var integration = await integrations.GetAsync(item.Message.BusinessId, IntegrationKinds.EscalationWebhook, cancellationToken);
        if (integration is null || !integration.Settings.TryGetValue("url", out var url) || !integration.Secrets.TryGetValue("secret", out var secret))
        {
            return DeliveryResult.Skipped("the business has no escalation webhook");
        }

        var body = JsonSerializer.Serialize(item.Message.Event, NotificationJsonContext.Default.NotificationEvent);
        var id = $"msg_{item.Message.Id:N}";
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("webhook-id", id);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", WebhookSignature.Sign(secret, id, timestamp, body));
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("chatbot-orchestrator", "1.0"));
        using var response = await http.CreateClient(SlackNotifier.HttpClientName).SendAsync(request, cancellationToken);
        return DeliveryResult.FromHttp(response, await response.Content.ReadAsStringAsync(cancellationToken));
    }
}

/// <summary>The Standard Webhooks signature: <c>v1,</c> + base64 HMAC-SHA256 of <c>{id}.{timestamp}.{body}</c>.</summary>
public static class WebhookSignature
{
    public static string Sign(string secret, string id, long timestamp, string body)
    {
        // A "whsec_" secret is base64 (the scheme's convention); any other secret is used as its UTF-8 bytes.
        var key = secret.StartsWith("whsec_", StringComparison.Ordinal)
            ? Convert.FromBase64String(secret["whsec_".Length..])
            : Encoding.UTF8.GetBytes(secret);
        var signature = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}"));
        return $"v1,{Convert.ToBase64String(signature)}";
    }
}
