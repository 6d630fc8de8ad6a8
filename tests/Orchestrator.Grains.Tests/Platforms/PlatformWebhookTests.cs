using System.Text;
using Orchestrator.Grains.Platforms;

namespace Orchestrator.Grains.Tests.Platforms;

public sealed class PlatformWebhookTests
{
    private const string Notification = """
        {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":{
          "messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},
          "contacts":[{"profile":{"name":"Sheena Nelson"},"wa_id":"16505551234"}],
          "messages":[{"from":"16505551234","id":"wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=","timestamp":"1749416383","type":"text","text":{"body":"gecelik fiyatı ne kadar?"}},
                      {"from":"16505551234","id":"wamid.IMG","timestamp":"1749416384","type":"image","image":{"id":"1"}}],
          "statuses":[{"id":"wamid.OLD","status":"read","timestamp":"1749416380","recipient_id":"16505551234"}]},"field":"messages"}]}]}
        """;

    [Fact]
    public void ReadsTextMessagesAndCountsStatusesAndOtherTypes()
    {
        var delivery = WhatsAppWebhook.Parse(Encoding.UTF8.GetBytes(Notification));

        var message = Assert.Single(delivery.Messages);
        Assert.Equal("106540352242922", message.PhoneNumberId);
        Assert.Equal("16505551234", message.From);
        Assert.Equal("gecelik fiyatı ne kadar?", message.Text);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1749416383), message.SentAt);
        Assert.Equal(1, delivery.Statuses);
        Assert.Equal(1, delivery.Unsupported);
        Assert.Equal(["106540352242922"], delivery.PhoneNumberIds);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"object":"page","entry":[]}""")]
    [InlineData("""{"object":"whatsapp_business_account"}""")]
    [InlineData("""{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{"messages":[]}}]}]}""")]
    public void RefusesWhatIsNotANotification(string body) =>
        Assert.Throws<FormatException>(() => WhatsAppWebhook.Parse(Encoding.UTF8.GetBytes(body)));

    [Fact]
    public void AcceptsTheSignatureOfTheExactBodyWithTheAppSecretOnly()
    {
        var body = Encoding.UTF8.GetBytes(Notification);
        var signature = WhatsAppWebhook.Sign(body, "app-secret");
        var changed = Encoding.UTF8.GetBytes(Notification.Replace("ne kadar", "kaç para", StringComparison.Ordinal));

        Assert.True(WhatsAppWebhook.IsSignatureValid(body, signature, "app-secret"));
        Assert.False(WhatsAppWebhook.IsSignatureValid(body, signature, "other-secret"));
        Assert.False(WhatsAppWebhook.IsSignatureValid(changed, signature, "app-secret"));
        Assert.False(WhatsAppWebhook.IsSignatureValid(body, signature.ToUpperInvariant(), "app-secret"));
        Assert.False(WhatsAppWebhook.IsSignatureValid(body, null, "app-secret"));
        Assert.False(WhatsAppWebhook.IsSignatureValid(body, "sha256=zz", "app-secret"));
        Assert.False(WhatsAppWebhook.IsSignatureValid(body, signature.Replace("sha256=", "sha1=", StringComparison.Ordinal), "app-secret"));
    }

    [Fact]
    public void TheSignatureIsTheHexHmacSha256OfTheBody()
    {
        // HMAC-SHA256("key", "The quick brown fox jumps over the lazy dog"), a published test value.
        var body = "The quick brown fox jumps over the lazy dog"u8;

        Assert.Equal("sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8", WhatsAppWebhook.Sign(body, "key"));
    }

    [Fact]
    public void ReadsATelegramTextMessage()
    {
        var update = """{"update_id":10000,"message":{"date":1441645532,"chat":{"last_name":"Test","id":1111111,"type":"private","first_name":"Test"},"message_id":1365,"from":{"last_name":"Test","id":1111111,"first_name":"Test","username":"Test"},"text":"kargo ne zaman gelir?"}}""";

        var message = TelegramWebhook.Parse(Encoding.UTF8.GetBytes(update))!;

        Assert.Equal(10000, message.UpdateId);
        Assert.Equal(1111111, message.ChatId);
        Assert.Equal(1365, message.MessageId);
        Assert.Equal("kargo ne zaman gelir?", message.Text);
    }

    [Theory]
    [InlineData("""{"update_id":1,"edited_message":{"message_id":1,"chat":{"id":1,"type":"private"},"date":1,"text":"x"}}""")]
    [InlineData("""{"update_id":1,"message":{"message_id":1,"chat":{"id":1,"type":"private"},"date":1,"sticker":{"file_id":"a"}}}""")]
    [InlineData("""{"update_id":1,"callback_query":{"id":"1"}}""")]
    public void OtherTelegramUpdatesAreNotMessagesToAnswer(string update) =>
        Assert.Null(TelegramWebhook.Parse(Encoding.UTF8.GetBytes(update)));

    [Theory]
    [InlineData("[]")]
    [InlineData("""{"message":{}}""")]
    [InlineData("{")]
    public void RefusesWhatIsNotATelegramUpdate(string body) =>
        Assert.Throws<FormatException>(() => TelegramWebhook.Parse(Encoding.UTF8.GetBytes(body)));

    [Fact]
    public void ChecksTheTelegramSecretToken()
    {
        Assert.True(TelegramWebhook.IsSecretValid("s3cret-token", "s3cret-token"));
        Assert.False(TelegramWebhook.IsSecretValid("s3cret-tokeN", "s3cret-token"));
        Assert.False(TelegramWebhook.IsSecretValid(null, "s3cret-token"));
    }

    [Fact]
    public void TheSamePlatformMessageAlwaysGetsTheSameOutboxIdsAndOtherMessagesOthers()
    {
        var first = ChannelMessages.Incoming("shop", "whatsapp", "905", "wamid.1", "wamid.1", "merhaba", DateTimeOffset.UnixEpoch);
        var again = ChannelMessages.Incoming("shop", "whatsapp", "905", "wamid.1", "wamid.1", "merhaba", DateTimeOffset.UtcNow);
        var other = ChannelMessages.Incoming("shop", "whatsapp", "905", "wamid.2", "wamid.2", "merhaba", DateTimeOffset.UnixEpoch);
        var otherShop = ChannelMessages.Incoming("shop2", "whatsapp", "905", "wamid.1", "wamid.1", "merhaba", DateTimeOffset.UnixEpoch);

        Assert.Equal(first.Id, again.Id);
        Assert.Equal(ChannelMessages.Reply(first, "a", DateTimeOffset.UnixEpoch).Id, ChannelMessages.Reply(again, "b", DateTimeOffset.UtcNow).Id);
        Assert.NotEqual(first.Id, other.Id);
        Assert.NotEqual(first.Id, otherShop.Id);
        Assert.NotEqual(first.Id, ChannelMessages.Reply(first, "a", DateTimeOffset.UnixEpoch).Id);
    }

    [Fact]
    public void ALongReplyIsCutToWhatThePlatformsAccept()
    {
        var fitted = ChannelMessages.Fit(new string('a', 5000));

        Assert.Equal(ChannelMessages.MaxTextLength, fitted.Length);
        Assert.EndsWith("…", fitted, StringComparison.Ordinal);
    }
}
