using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orchestrator.GrainInterfaces;
using Orchestrator.Grains.Escalations.Notifications;
using Orchestrator.Grains.Integrations;
using Orchestrator.Grains.Platforms;
using Orchestrator.Grains.Tests.Fakes;

namespace Orchestrator.Grains.Tests.Platforms;

/// <summary>The outbound WhatsApp and Telegram senders against a recording HTTP server.</summary>
public sealed class PlatformChannelTests : IAsyncLifetime
{
    private static readonly IHttpClientFactory Http = new ServiceCollection().AddHttpClient().BuildServiceProvider().GetRequiredService<IHttpClientFactory>();
    private readonly InMemoryIntegrationStore _integrations = new();
    private RecordingHttpServer _platform = null!;

    public async Task InitializeAsync()
    {
        _platform = await RecordingHttpServer.StartAsync();
        await _integrations.SaveAsync(Integration(IntegrationKinds.WhatsApp,
            new() { ["phone_number_id"] = "106540352242922", ["graph_api_version"] = "v22.0" },
            new() { ["access_token"] = "EAAG-token", ["app_secret"] = "s", ["verify_token"] = "v" }), CancellationToken.None);
        await _integrations.SaveAsync(Integration(IntegrationKinds.Telegram, [], new() { ["bot_token"] = "42:TOKEN", ["secret_token"] = "t" }), CancellationToken.None);
    }

    public async Task DisposeAsync() => await _platform.DisposeAsync();

    [Fact]
    public async Task WhatsAppSendsTheGraphApiMessagesCallWithTheTenantsNumberTokenAndVersion()
    {
        var result = await WhatsApp().SendAsync("shop", "905551112233", "Merhaba!", CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Delivered, result.Outcome);
        var request = Assert.Single(_platform.Requests);
        Assert.Equal("/v22.0/106540352242922/messages", request.Path);
        Assert.Equal("Bearer EAAG-token", request.Headers["authorization"]);
        var body = JsonNode.Parse(request.Body)!;
        Assert.Equal("whatsapp", (string?)body["messaging_product"]);
        Assert.Equal("905551112233", (string?)body["to"]);
        Assert.Equal("Merhaba!", (string?)body["text"]!["body"]);
    }

    [Theory]
    [InlineData(500, DeliveryOutcome.Retry)]
    [InlineData(429, DeliveryOutcome.Retry)]
    [InlineData(400, DeliveryOutcome.Permanent)]
    [InlineData(401, DeliveryOutcome.Permanent)]
    public async Task WhatsAppErrorsAreRetriedOrFinalByStatus(int status, DeliveryOutcome expected)
    {
        _platform.Answer(status, body: """{"error":{"message":"(#131030) Recipient phone number not in allowed list","code":131030}}""");

        var result = await WhatsApp().SendAsync("shop", "905551112233", "Merhaba!", CancellationToken.None);

        Assert.Equal(expected, result.Outcome);
        Assert.Contains("131030", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TelegramSendsSendMessageToTheChat()
    {
        var result = await Telegram().SendAsync("shop", "-100123", "Kargo 2 günde.", CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Delivered, result.Outcome);
        var request = Assert.Single(_platform.Requests);
        Assert.Equal("/bot42:TOKEN/sendMessage", request.Path);
        var body = JsonNode.Parse(request.Body)!;
        Assert.Equal(-100123, (long)body["chat_id"]!);
        Assert.Equal("Kargo 2 günde.", (string?)body["text"]);
    }

    [Fact]
    public async Task TelegramsFloodWaitIsHonouredAndTheTokenNeverAppearsInTheError()
    {
        _platform.Answer(429, body: """{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 7 (bot 42:TOKEN)","parameters":{"retry_after":7}}""");

        var result = await Telegram().SendAsync("shop", "55501", "Merhaba", CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Retry, result.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(7), result.RetryAfter);
        Assert.DoesNotContain("42:TOKEN", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATenantWithoutTheChannelIsSkipped()
    {
        var result = await WhatsApp().SendAsync("other-shop", "905551112233", "Merhaba!", CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Skipped, result.Outcome);
        Assert.Empty(_platform.Requests);
    }

    private WhatsAppChannel WhatsApp() => new(Http, _integrations, Options());

    private TelegramChannel Telegram() => new(Http, _integrations, Options());

    private IOptions<ChannelOptions> Options() => Microsoft.Extensions.Options.Options.Create(new ChannelOptions
    {
        WhatsApp = { GraphBaseUrl = _platform.Address },
        Telegram = { ApiBaseUrl = _platform.Address },
    });

    private static IntegrationSettings Integration(string kind, Dictionary<string, string> settings, Dictionary<string, string> secrets) =>
        new("shop", kind, settings.ToImmutableSortedDictionary(StringComparer.Ordinal), secrets.ToImmutableSortedDictionary(StringComparer.Ordinal), DateTimeOffset.UnixEpoch);
}
