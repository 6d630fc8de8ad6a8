using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Orchestrator.Grains.Platforms;

namespace Orchestrator.Gateway.Tests;

/// <summary>
/// WhatsApp Cloud API and Telegram Bot API deliveries against the real gateway, with the platforms' outbound APIs
/// faked on a loopback port: real payload shapes, signatures, handshakes, re-deliveries, retries.
/// </summary>
public sealed class ChannelsTests : IAsyncLifetime
{
    private const string AppSecret = "meta-app-secret-123";
    private const string VerifyToken = "verify-me-please";
    private const string BotToken = "123456:ABC-telegram-token";
    private const string TelegramSecret = "tg-secret-token_1";

    private FakePlatforms _platforms = null!;
    private GatewayFactory _gateway = null!;

    public async Task InitializeAsync()
    {
        _platforms = await FakePlatforms.StartAsync();
        _gateway = new GatewayFactory()
            .With("Channels:WhatsApp:GraphBaseUrl", _platforms.Address.ToString())
            .With("Channels:WhatsApp:VerifyToken", "shared-app-token")
            .With("Channels:Telegram:ApiBaseUrl", _platforms.Address.ToString())
            .With("Notifications:Delivery:PollInterval", "00:00:00.050")
            .With("Notifications:Delivery:BaseDelay", "00:00:00.100");
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _platforms.DisposeAsync();
    }

    [Fact]
    public async Task AWhatsAppTextMessageGetsExactlyOneCorrectReplyThroughTheGraphApi()
    {
        var (shop, number) = await CreateWhatsAppShopAsync();

        var response = await PostWhatsApp(WhatsAppText(number, "905551112233", "wamid.A1", "iade süresi ne kadar?"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = await SingleDeliveredAsync("whatsapp");
        Assert.Equal($"/v21.0/{number}/messages", reply.Path);
        Assert.Equal("Bearer wa-access-token-" + shop, reply.Authorization);
        Assert.Equal("whatsapp", (string?)reply.Body["messaging_product"]);
        Assert.Equal("905551112233", (string?)reply.Body["to"]);
        Assert.Equal("text", (string?)reply.Body["type"]);
        Assert.Equal("İade 14 gün içinde.", (string?)reply.Body["text"]!["body"]);
        Assert.Equal(1, (long)(await (await _gateway.CreateClient().GetAsync($"/stats/{shop}")).ReadObjectAsync())["messages"]!);
    }

    [Fact]
    public async Task AForgedSignatureIsRefusedAndProducesNoReply()
    {
        var (_, number) = await CreateWhatsAppShopAsync();
        var body = WhatsAppText(number, "905551112233", "wamid.F1", "iade süresi ne kadar?");

        var forged = await PostWhatsApp(body, signature: WhatsAppWebhook.Sign(Encoding.UTF8.GetBytes(body), "not-the-app-secret"));
        var unsigned = await PostWhatsApp(body, signature: "");

        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
        Assert.NotNull((await forged.ReadObjectAsync())["errors"]!["X-Hub-Signature-256"]);
        await Task.Delay(500);
        Assert.Empty(_platforms.Calls);
    }

    [Fact]
    public async Task ARedeliveredWhatsAppMessageIsAnsweredOnce()
    {
        var (shop, number) = await CreateWhatsAppShopAsync();
        var body = WhatsAppText(number, "905551112233", "wamid.D1", "kargo kaç günde gelir?");

        var first = await PostWhatsApp(body);
        var again = await PostWhatsApp(body);
        await SingleDeliveredAsync("whatsapp");
        var third = await PostWhatsApp(body);

        Assert.Equal(1, (int)(await first.ReadObjectAsync())["accepted"]!);
        Assert.Equal(1, (int)(await again.ReadObjectAsync())["duplicates"]!);
        Assert.Equal(1, (int)(await third.ReadObjectAsync())["duplicates"]!);
        await Task.Delay(500);
        Assert.Single(_platforms.Calls);
        Assert.Equal(1, (long)(await (await _gateway.CreateClient().GetAsync($"/stats/{shop}")).ReadObjectAsync())["messages"]!);
    }

    [Fact]
    public async Task StatusesAndUnsupportedMessagesAreAcknowledgedAndIgnored()
    {
        var (_, number) = await CreateWhatsAppShopAsync();
        var statuses = $$$"""
            {"object":"whatsapp_business_account","entry":[{"id":"WABA1","changes":[{"field":"messages","value":{
              "messaging_product":"whatsapp","metadata":{"display_phone_number":"905550000000","phone_number_id":"{{{number}}}"},
              "statuses":[{"id":"wamid.S1","status":"delivered","timestamp":"1732500000","recipient_id":"905551112233"},
                          {"id":"wamid.S1","status":"read","timestamp":"1732500005","recipient_id":"905551112233"}]}}]}]}
            """;
        var image = $$$"""
            {"object":"whatsapp_business_account","entry":[{"id":"WABA1","changes":[{"field":"messages","value":{
              "messaging_product":"whatsapp","metadata":{"display_phone_number":"905550000000","phone_number_id":"{{{number}}}"},
              "contacts":[{"profile":{"name":"Ayşe"},"wa_id":"905551112233"}],
              "messages":[{"from":"905551112233","id":"wamid.I1","timestamp":"1732500000","type":"image","image":{"id":"media-1","mime_type":"image/jpeg"}}]}}]}]}
            """;

        var first = await PostWhatsApp(statuses);
        var second = await PostWhatsApp(image);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(2, (int)(await first.ReadObjectAsync())["ignored"]!);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(1, (int)(await second.ReadObjectAsync())["ignored"]!);
        await Task.Delay(500);
        Assert.Empty(_platforms.Calls);
    }

    [Fact]
    public async Task TheVerificationHandshakeEchoesTheChallengeOnlyForTheRightToken()
    {
        var (shop, _) = await CreateWhatsAppShopAsync();
        var client = _gateway.CreateAnonymousClient();

        var ok = await client.GetAsync($"/channels/whatsapp/{shop}?hub.mode=subscribe&hub.verify_token={VerifyToken}&hub.challenge=1158201444");
        var bad = await client.GetAsync($"/channels/whatsapp/{shop}?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1158201444");
        var notSubscribe = await client.GetAsync($"/channels/whatsapp/{shop}?hub.mode=unsubscribe&hub.verify_token={VerifyToken}&hub.challenge=1");
        var shared = await client.GetAsync("/channels/whatsapp?hub.mode=subscribe&hub.verify_token=shared-app-token&hub.challenge=42");

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("1158201444", await ok.Content.ReadAsStringAsync());
        Assert.Equal("text/plain", ok.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.Forbidden, bad.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, notSubscribe.StatusCode);
        Assert.Equal("42", await shared.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AnUnknownPhoneNumberIdIsNotFoundAndAMalformedBodyIsABadRequest()
    {
        var body = WhatsAppText("999000111", "905551112233", "wamid.U1", "merhaba");

        var unknown = await PostWhatsApp(body);
        var malformed = await PostWhatsApp("""{"object":"page","entry":[]}""");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.NotNull((await unknown.ReadObjectAsync())["errors"]!["metadata.phone_number_id"]);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.True(malformed.IsProblem());
    }

    [Fact]
    public async Task AFailingGraphApiIsRetriedUntilTheReplyIsDeliveredOnce()
    {
        var (_, number) = await CreateWhatsAppShopAsync();
        _platforms.FailNext(503, 500);

        await PostWhatsApp(WhatsAppText(number, "905551112299", "wamid.R1", "iade süresi ne kadar?"));
        var reply = await SingleDeliveredAsync("whatsapp");

        Assert.Equal(3, _platforms.Calls.Count);
        Assert.Equal("İade 14 gün içinde.", (string?)reply.Body["text"]!["body"]);
    }

    [Fact]
    public async Task ATelegramTextMessageGetsExactlyOneReplyWithSendMessage()
    {
        var shop = await CreateTelegramShopAsync();
        var update = TelegramUpdate(90001, chatId: 55501, "kargo kaç günde gelir?");

        var response = await PostTelegram(shop, update, TelegramSecret);
        var again = await PostTelegram(shop, update, TelegramSecret);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, (int)(await again.ReadObjectAsync())["duplicates"]!);
        var reply = await SingleDeliveredAsync("telegram");
        Assert.Equal($"/bot{BotToken}/sendMessage", reply.Path);
        Assert.Equal(55501, (long)reply.Body["chat_id"]!);
        Assert.Equal("Kargo 2 günde.", (string?)reply.Body["text"]);
        await Task.Delay(300);
        Assert.Single(_platforms.Calls);
    }

    [Fact]
    public async Task ATelegramUpdateWithTheWrongSecretIsRefusedAndProducesNoReply()
    {
        var shop = await CreateTelegramShopAsync();

        var wrong = await PostTelegram(shop, TelegramUpdate(90002, 55502, "merhaba"), "wrong-secret");
        var missing = await PostTelegram(shop, TelegramUpdate(90003, 55502, "merhaba"), null);

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.NotNull((await wrong.ReadObjectAsync())["errors"]!["X-Telegram-Bot-Api-Secret-Token"]);
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        await Task.Delay(500);
        Assert.Empty(_platforms.Calls);
    }

    [Fact]
    public async Task ATelegramUpdateWithoutTextIsAcknowledgedAndIgnored()
    {
        var shop = await CreateTelegramShopAsync();
        var sticker = """{"update_id":90004,"message":{"message_id":3,"from":{"id":55503,"is_bot":false,"first_name":"Ali"},"chat":{"id":55503,"type":"private"},"date":1732500000,"sticker":{"file_id":"x"}}}""";

        var response = await PostTelegram(shop, sticker, TelegramSecret);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, (int)(await response.ReadObjectAsync())["ignored"]!);
    }

    [Fact]
    public async Task AnAgentsReplyToAnEscalatedTelegramUserGoesOutThroughSendMessage()
    {
        var shop = await CreateTelegramShopAsync();
        await PostTelegram(shop, TelegramUpdate(90005, 55504, "bir yetkiliyle görüşmek istiyorum"), TelegramSecret);
        var notice = await SingleDeliveredAsync("telegram");
        var client = _gateway.CreateClient();
        var tickets = await (await client.GetAsync($"/agent/{shop}/tickets")).ReadObjectAsync();
        var ticketId = (string)tickets["items"]![0]!["ticket_id"]!;

        await client.PostAsync($"/agent/{shop}/tickets/{ticketId}/assign", HttpHelpers.Json("""{"agent":"ayse"}"""));
        await client.PostAsync($"/agent/{shop}/tickets/{ticketId}/reply", HttpHelpers.Json("""{"agent":"ayse","text":"Merhaba, ben Ayşe. Nasıl yardımcı olabilirim?"}"""));

        var agentReply = await Eventually.Wait(() => _platforms.Delivered.FirstOrDefault(c => ((string?)c.Body["text"])?.Contains("Ayşe", StringComparison.Ordinal) == true));
        Assert.Equal(55504, (long)notice.Body["chat_id"]!);
        Assert.Equal(55504, (long)agentReply.Body["chat_id"]!);
    }

    private async Task<(string Shop, string Number)> CreateWhatsAppShopAsync()
    {
        var client = _gateway.CreateClient();
        var shop = await AdminApiTests.CreateBusinessAsync(client);
        var number = Random.Shared.NextInt64(100_000_000_000, 999_999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var set = await client.PutAsync($"/admin/businesses/{shop}/integrations/whatsapp", HttpHelpers.Json($$$"""
            {"settings":{"phone_number_id":"{{{number}}}"},
             "secrets":{"access_token":"wa-access-token-{{{shop}}}","app_secret":"{{{AppSecret}}}","verify_token":"{{{VerifyToken}}}"}}
            """));
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        return (shop, number);
    }

    private async Task<string> CreateTelegramShopAsync()
    {
        var client = _gateway.CreateClient();
        var shop = await AdminApiTests.CreateBusinessAsync(client);
        var set = await client.PutAsync($"/admin/businesses/{shop}/integrations/telegram", HttpHelpers.Json($$$"""
            {"secrets":{"bot_token":"{{{BotToken}}}","secret_token":"{{{TelegramSecret}}}"}}
            """));
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        return shop;
    }

    private Task<HttpResponseMessage> PostWhatsApp(string body, string? signature = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/channels/whatsapp") { Content = HttpHelpers.Json(body) };
        request.Headers.TryAddWithoutValidation("X-Hub-Signature-256", signature ?? WhatsAppWebhook.Sign(Encoding.UTF8.GetBytes(body), AppSecret));
        return _gateway.CreateAnonymousClient().SendAsync(request);
    }

    private Task<HttpResponseMessage> PostTelegram(string shop, string body, string? secret)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/channels/telegram/{shop}") { Content = HttpHelpers.Json(body) };
        if (secret is not null)
        {
            request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", secret);
        }

        return _gateway.CreateAnonymousClient().SendAsync(request);
    }

    private async Task<PlatformCall> SingleDeliveredAsync(string platform)
    {
        var call = await Eventually.Wait(() => _platforms.Delivered.FirstOrDefault(c => c.Platform == platform));
        return call;
    }

    private static string WhatsAppText(string number, string from, string messageId, string text) => new JsonObject
    {
        ["object"] = "whatsapp_business_account",
        ["entry"] = new JsonArray(new JsonObject
        {
            ["id"] = "WABA-1",
            ["changes"] = new JsonArray(new JsonObject
            {
                ["field"] = "messages",
                ["value"] = new JsonObject
                {
                    ["messaging_product"] = "whatsapp",
                    ["metadata"] = new JsonObject { ["display_phone_number"] = "905550000000", ["phone_number_id"] = number },
                    ["contacts"] = new JsonArray(new JsonObject { ["profile"] = new JsonObject { ["name"] = "Ayşe" }, ["wa_id"] = from }),
                    ["messages"] = new JsonArray(new JsonObject
                    {
                        ["from"] = from,
                        ["id"] = messageId,
                        ["timestamp"] = "1732500000",
                        ["type"] = "text",
                        ["text"] = new JsonObject { ["body"] = text },
                    }),
                },
            }),
        }),
    }.ToJsonString();

    private static string TelegramUpdate(long updateId, long chatId, string text) => new JsonObject
    {
        ["update_id"] = updateId,
        ["message"] = new JsonObject
        {
            ["message_id"] = updateId % 1000,
            ["from"] = new JsonObject { ["id"] = chatId, ["is_bot"] = false, ["first_name"] = "Ali", ["language_code"] = "tr" },
            ["chat"] = new JsonObject { ["id"] = chatId, ["first_name"] = "Ali", ["type"] = "private" },
            ["date"] = 1732500000,
            ["text"] = text,
        },
    }.ToJsonString();
}

/// <summary>Polls until a value appears (background delivery), failing after a bound.</summary>
internal static class Eventually
{
    public static async Task<T> Wait<T>(Func<T?> probe, int timeoutMs = 15_000)
        where T : class
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (Environment.TickCount64 < deadline)
        {
            if (probe() is { } value)
            {
                return value;
            }

            await Task.Delay(25);
        }

        throw new TimeoutException("The expected delivery did not arrive in time.");
    }
}
