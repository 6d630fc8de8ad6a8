using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Orchestrator.GrainInterfaces;
using Orchestrator.Grains.Escalations.Notifications;
using Orchestrator.Grains.Integrations;
using Orchestrator.Grains.Tests.Fakes;

namespace Orchestrator.Grains.Tests.Escalations;

/// <summary>The real senders against in-test receivers that speak the real protocols (HTTP, SMTP).</summary>
public sealed class NotificationSenderTests : IAsyncLifetime
{
    private static readonly IHttpClientFactory Http = new ServiceCollection().AddHttpClient().BuildServiceProvider().GetRequiredService<IHttpClientFactory>();
    private RecordingHttpServer _receiver = null!;

    public async Task InitializeAsync() => _receiver = await RecordingHttpServer.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public async Task SlackGetsAJsonMessageWithTheTicketPriorityAndLastUserMessage()
    {
        var slack = new SlackNotifier(Http, Options(o => o.Slack.WebhookUrl = new Uri(_receiver.Address, "/services/T000/B000/XXXX")));

        var result = await slack.SendAsync(Item(Channels.Slack), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Delivered, result.Outcome);
        var request = Assert.Single(_receiver.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/services/T000/B000/XXXX", request.Path);
        Assert.StartsWith("application/json", request.Headers["content-type"], StringComparison.Ordinal);
        var body = JsonNode.Parse(request.Body)!;
        Assert.Contains("TKT-7K2M9QXD4F", (string)body["text"]!, StringComparison.Ordinal);
        Assert.Contains("[HIGH]", (string)body["text"]!, StringComparison.Ordinal);
        Assert.Contains("rezalet", request.Body, StringComparison.Ordinal);
        Assert.Equal("header", (string?)body["blocks"]![0]!["type"]);
    }

    [Fact]
    public async Task SlackRateLimitIsRetriedAfterTheDelayItAsksFor()
    {
        _receiver.Answer(429, "7");
        var slack = new SlackNotifier(Http, Options(o => o.Slack.WebhookUrl = _receiver.Address));

        var result = await slack.SendAsync(Item(Channels.Slack), CancellationToken.None);
        var next = RetrySchedule.Next(1, new DeliveryOptions { BaseDelay = TimeSpan.FromSeconds(1) }, result.RetryAfter);

        Assert.Equal(DeliveryOutcome.Retry, result.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(7), result.RetryAfter);
        Assert.Equal(TimeSpan.FromSeconds(7), next);
    }

    [Theory]
    [InlineData(500, DeliveryOutcome.Retry)]
    [InlineData(503, DeliveryOutcome.Retry)]
    [InlineData(408, DeliveryOutcome.Retry)]
    [InlineData(400, DeliveryOutcome.Permanent)]
    [InlineData(403, DeliveryOutcome.Permanent)]
    [InlineData(404, DeliveryOutcome.Permanent)]
    public async Task ServerErrorsAreRetriedAndClientErrorsAreFinal(int status, DeliveryOutcome expected)
    {
        _receiver.Answer(status);
        var slack = new SlackNotifier(Http, Options(o => o.Slack.WebhookUrl = _receiver.Address));

        var result = await slack.SendAsync(Item(Channels.Slack), CancellationToken.None);

        Assert.Equal(expected, result.Outcome);
        Assert.StartsWith(status.ToString(System.Globalization.CultureInfo.InvariantCulture), result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SlackWithoutAWebhookUrlIsSkippedNotFailed()
    {
        var slack = new SlackNotifier(Http, Options(_ => { }));

        var result = await slack.SendAsync(Item(Channels.Slack), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Skipped, result.Outcome);
        Assert.Empty(_receiver.Requests);
    }

    [Theory]
    [InlineData("a-plain-shared-secret-123")]
    [InlineData("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")]
    public async Task TheTenantWebhookCarriesAStandardWebhooksSignatureTheReceiverCanVerify(string secret)
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-24T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var integrations = new InMemoryIntegrationStore();
        await integrations.SaveAsync(new IntegrationSettings("shop1", IntegrationKinds.EscalationWebhook,
            ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [new KeyValuePair<string, string>("url", new Uri(_receiver.Address, "/hooks/escalations").ToString())]),
            ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [new KeyValuePair<string, string>("secret", secret)]),
            time.GetUtcNow()), CancellationToken.None);
        var webhook = new WebhookNotifier(Http, integrations, time);
        var item = Item(Channels.Webhook);

        var first = await webhook.SendAsync(item, CancellationToken.None);
        var retry = await webhook.SendAsync(item with { Attempts = 1 }, CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Delivered, first.Outcome);
        Assert.Equal(DeliveryOutcome.Delivered, retry.Outcome);
        var requests = _receiver.Requests.ToArray();
        Assert.Equal(requests[0].Headers["webhook-id"], requests[1].Headers["webhook-id"]);
        var request = requests[0];
        Assert.Equal("1795514400", request.Headers["webhook-timestamp"]);
        Assert.True(Verify(secret, request), "the signature does not verify");
        Assert.False(Verify(secret, request with { Body = request.Body.Replace("high", "low", StringComparison.Ordinal) }), "a changed body still verifies");
        var body = JsonNode.Parse(request.Body)!;
        Assert.Equal("ticket.opened", (string?)body["type"]);
        Assert.Equal("TKT-7K2M9QXD4F", (string?)body["ticket_id"]);
        Assert.Equal("high", (string?)body["priority"]);
    }

    [Fact]
    public async Task ATenantWithoutAWebhookIsSkipped()
    {
        var webhook = new WebhookNotifier(Http, new InMemoryIntegrationStore(), TimeProvider.System);

        var result = await webhook.SendAsync(Item(Channels.Webhook), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Skipped, result.Outcome);
    }

    [Fact]
    public async Task EmailReachesEveryRecipientWithTheTicketInSubjectAndBody()
    {
        await using var smtp = await RecordingSmtpServer.StartAsync("bot@shop.example", "app-password");
        var email = Email(smtp.Port, "app-password", "destek@shop.example", "mudur@shop.example");

        var result = await email.SendAsync(Item(Channels.Email), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Delivered, result.Outcome);
        var mail = Assert.Single(smtp.Messages);
        Assert.Equal(["destek@shop.example", "mudur@shop.example"], mail.Recipients);
        Assert.Equal("bot@shop.example", mail.From);
        Assert.Equal("[HIGH] New ticket TKT-7K2M9QXD4F for shop1: complaint", mail.Message.Subject);
        Assert.Contains("Last message: \"bu ne rezalet, paramı geri istiyorum\"", mail.Message.TextBody, StringComparison.Ordinal);
        Assert.Contains("Customer: 905551112233 on whatsapp", mail.Message.TextBody, StringComparison.Ordinal);
        Assert.Equal(["bot@shop.example"], smtp.Logins);
    }

    [Fact]
    public async Task AWrongSmtpPasswordIsAPermanentFailure()
    {
        await using var smtp = await RecordingSmtpServer.StartAsync("bot@shop.example", "app-password");
        var email = Email(smtp.Port, "wrong", "destek@shop.example");

        var result = await email.SendAsync(Item(Channels.Email), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Permanent, result.Outcome);
        Assert.DoesNotContain("wrong", result.Error, StringComparison.Ordinal);
        Assert.Empty(smtp.Messages);
    }

    [Fact]
    public async Task AnSmtpServerThatIsDownIsRetried()
    {
        var email = new EmailNotifier(Options(o =>
        {
            o.Email.Host = "127.0.0.1";
            o.Email.Port = 9; // discard: nothing listens
            o.Email.Tls = "None";
            o.Email.Recipients = ["destek@shop.example"];
            o.Delivery.Timeout = TimeSpan.FromSeconds(2);
        }));

        var result = await email.SendAsync(Item(Channels.Email), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Retry, result.Outcome);
    }

    /// <summary>A receiver's check, written from the Standard Webhooks spec rather than with our signer.</summary>
    private static bool Verify(string secret, RecordedRequest request)
    {
        var key = secret.StartsWith("whsec_", StringComparison.Ordinal) ? Convert.FromBase64String(secret[6..]) : Encoding.UTF8.GetBytes(secret);
        var content = $"{request.Headers["webhook-id"]}.{request.Headers["webhook-timestamp"]}.{request.Body}";
        var expected = Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(content)));
        return request.Headers["webhook-signature"].Split(' ').Any(s => s == "v1," + expected);
    }

    /// <summary>The e-mail sender for the in-test SMTP server, logging in as bot@shop.example.</summary>
    private static EmailNotifier Email(int port, string password, params string[] recipients) => new(Options(o =>
    {
        o.Email.Host = "127.0.0.1";
        o.Email.Port = port;
        o.Email.Tls = "None";
        o.Email.Username = "bot@shop.example";
        o.Email.Password = password;
        o.Email.Recipients = recipients;
    }));

    private static IOptions<NotificationOptions> Options(Action<NotificationOptions> configure)
    {
        var options = new NotificationOptions();
        configure(options);
        return Microsoft.Extensions.Options.Options.Create(options);
    }

    private static OutboxItem Item(string channel)
    {
        var at = DateTimeOffset.Parse("2026-11-24T09:59:00Z", System.Globalization.CultureInfo.InvariantCulture);
        var ev = new NotificationEvent(
            NotificationEvent.TicketOpened, "TKT-7K2M9QXD4F", "shop1", "whatsapp", "905551112233", "complaint", "high", "open",
            "strong language", "bu ne rezalet, paramı geri istiyorum", null, null, at);
        return new OutboxItem(new OutboundMessage(Guid.Parse("0b7c4a1e-3f7e-4c53-9d3a-1a2b3c4d5e6f"), "shop1", "TKT-7K2M9QXD4F", channel, ev, at), 0);
    }
}
