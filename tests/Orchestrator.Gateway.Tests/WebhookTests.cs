using System.Net;

namespace Orchestrator.Gateway.Tests;

[Collection(GatewayCollection.Name)]
public sealed class WebhookTests(GatewayFactory factory)
{
    [Fact]
    public async Task AnswersTheReadmeExampleFromTheDemoCatalogue()
    {
        var client = factory.CreateClient();

        var response = await client.PostWebhookAsync("gecelik fiyatı ne kadar?", user: "user123", business: "business456", platform: "whatsapp");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadObjectAsync();
        Assert.True((bool)body["success"]!);
        Assert.Equal("Test Gecelik\nFiyat: 299.99 TL", (string?)body["message"]);
        Assert.True(Guid.TryParse((string?)body["session_id"], out _));
        Assert.True((long)body["response_time_ms"]! >= 0);
        Assert.Equal("product_price", (string?)body["intent"]);
        Assert.False((bool)body["escalated"]!);
        Assert.False(body.ContainsKey("ticket_id"));
    }

    [Fact]
    public async Task SendsTheAnswerOverKestrelWithItsLengthInsteadOfChunkedAndWithTurkishLettersAsWritten()
    {
        // The in-memory test server buffers every response; chunking only shows on a real connection.
        await using var kestrel = new GatewayFactory();
        kestrel.UseKestrel(0);
        kestrel.StartServer();
        using var client = kestrel.CreateClient();

        var response = await client.PostWebhookAsync("merhaba", user: "u-length");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.NotEqual(true, response.Headers.TransferEncodingChunked);
        Assert.Equal(bytes.Length, response.Content.Headers.ContentLength);
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        var text = System.Text.Encoding.UTF8.GetString(bytes);
        Assert.Contains("hoş geldiniz", text, StringComparison.Ordinal);
        Assert.Contains("\"session_id\":", text, StringComparison.Ordinal);
        Assert.DoesNotContain("ticket_id", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DescribesTheWebhooksAnswerInTheOpenApiDocument()
    {
        var document = await (await factory.CreateClient().GetAsync("/openapi/v1.json")).ReadObjectAsync();

        var ok = document["paths"]!["/webhook"]!["post"]!["responses"]!["200"]!;
        var schema = ok["content"]!["application/json"]!["schema"]!.ToJsonString();
        Assert.Contains("WebhookResponse", schema, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeepsTheSessionAcrossMessagesOfTheSameUser()
    {
        var client = factory.CreateClient();

        var first = await (await client.PostWebhookAsync("merhaba", user: "u-session")).ReadObjectAsync();
        var second = await (await client.PostWebhookAsync("kargo ne zaman gelir?", user: "u-session")).ReadObjectAsync();
        var other = await (await client.PostWebhookAsync("merhaba", user: "u-session-2")).ReadObjectAsync();

        Assert.Equal((string?)first["session_id"], (string?)second["session_id"]);
        Assert.NotEqual((string?)first["session_id"], (string?)other["session_id"]);
    }

    [Fact]
    public async Task AnswersARedeliveredPlatformMessageOnceAndRecordsItOnce()
    {
        var client = factory.CreateClient();
        var before = await (await client.GetAsync("/stats/business456")).ReadObjectAsync();

        var first = await (await client.PostWebhookAsync("iade politikanız nedir?", user: "u-dup", messageId: "wamid.HBgM1")).ReadObjectAsync();
        var again = await (await client.PostWebhookAsync("iade politikanız nedir?", user: "u-dup", messageId: "wamid.HBgM1")).ReadObjectAsync();
        var after = await (await client.GetAsync("/stats/business456")).ReadObjectAsync();

        Assert.Equal((string?)first["message"], (string?)again["message"]);
        Assert.False((bool)first["duplicate"]!);
        Assert.True((bool)again["duplicate"]!);
        Assert.Equal((long)before["messages"]! + 1, (long)after["messages"]!);
    }

    [Fact]
    public async Task HandsARequestForAPersonToATicketAndSaysSo()
    {
        var client = factory.CreateClient();

        var body = await (await client.PostWebhookAsync("bir müşteri temsilcisiyle görüşmek istiyorum", user: "u-human")).ReadObjectAsync();

        Assert.True((bool)body["escalated"]!);
        var ticket = (string?)body["ticket_id"];
        Assert.Matches("^TKT-[0-9A-Z]{10}$", ticket);
        Assert.Contains(ticket!, (string?)body["message"], StringComparison.Ordinal);
        Assert.Equal("human_handoff", (string?)body["intent"]);
    }

    [Fact]
    public async Task AcceptsThePlatformNameInAnyCase()
    {
        var client = factory.CreateClient();

        var response = await client.PostWebhookAsync("merhaba", user: "u-case", platform: "WhatsApp");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ReturnsTheCallersRequestIdOrANewOne()
    {
        var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health");
        request.Headers.Add("X-Request-ID", "req-123");

        var echoed = await client.SendAsync(request);
        var generated = await client.GetAsync("/health");

        Assert.Equal("req-123", echoed.Headers.GetValues("X-Request-ID").Single());
        Assert.False(string.IsNullOrWhiteSpace(generated.Headers.GetValues("X-Request-ID").Single()));
    }
}
