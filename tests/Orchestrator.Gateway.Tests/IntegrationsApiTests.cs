using System.Net;

namespace Orchestrator.Gateway.Tests;

[Collection(GatewayCollection.Name)]
public sealed class IntegrationsApiTests(GatewayFactory factory)
{
    [Fact]
    public async Task SetsAWebhookIntegrationAndNeverShowsItsSecret()
    {
        var client = factory.CreateClient();
        var shop = await AdminApiTests.CreateBusinessAsync(client);

        var put = await client.PutAsync($"/admin/businesses/{shop}/integrations/escalation_webhook", HttpHelpers.Json(
            """{"settings":{"url":"https://hooks.example.com/orchestrator"},"secrets":{"secret":"whsec-0123456789abcdef"}}"""));
        var read = await client.GetAsync($"/admin/businesses/{shop}/integrations/escalation_webhook");
        var list = await (await client.GetAsync($"/admin/businesses/{shop}/integrations")).ReadObjectAsync();
        var text = await read.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.DoesNotContain("0123456789abcdef", text, StringComparison.Ordinal);
        Assert.Contains("****cdef", text, StringComparison.Ordinal);
        Assert.Contains("https://hooks.example.com/orchestrator", text, StringComparison.Ordinal);
        Assert.Single(list["items"]!.AsArray());
    }

    [Fact]
    public async Task RemovesAnIntegration()
    {
        var client = factory.CreateClient();
        var shop = await AdminApiTests.CreateBusinessAsync(client);
        await client.PutAsync($"/admin/businesses/{shop}/integrations/telegram", HttpHelpers.Json(
            """{"secrets":{"bot_token":"123456:ABCDEF","secret_token":"s3cr3t-token-value"}}"""));

        var removed = await client.DeleteAsync($"/admin/businesses/{shop}/integrations/telegram");
        var again = await client.DeleteAsync($"/admin/businesses/{shop}/integrations/telegram");
        var read = await client.GetAsync($"/admin/businesses/{shop}/integrations/telegram");

        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
    }

    [Fact]
    public async Task AWhatsAppNumberBelongsToOneBusinessOnly()
    {
        var client = factory.CreateClient();
        var first = await AdminApiTests.CreateBusinessAsync(client);
        var second = await AdminApiTests.CreateBusinessAsync(client);
        var number = Random.Shared.NextInt64(100000000000, 999999999999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var body = $$$"""{"settings":{"phone_number_id":"{{{number}}}"},"secrets":{"access_token":"EAAG-token","app_secret":"app-secret-1","verify_token":"verify-1"}}""";

        var mine = await client.PutAsync($"/admin/businesses/{first}/integrations/whatsapp", HttpHelpers.Json(body));
        var theirs = await client.PutAsync($"/admin/businesses/{second}/integrations/whatsapp", HttpHelpers.Json(body));

        Assert.Equal(HttpStatusCode.OK, mine.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, theirs.StatusCode);
        Assert.NotNull((await theirs.ReadObjectAsync())["errors"]!["settings.phone_number_id"]);
    }

    [Theory]
    [InlineData("slack", """{}""", "kind")]
    [InlineData("escalation_webhook", """{"settings":{"url":"ftp://x"},"secrets":{"secret":"0123456789abcdef0"}}""", "settings.url")]
    [InlineData("escalation_webhook", """{"settings":{"url":"https://x.example"},"secrets":{"secret":"short"}}""", "secrets.secret")]
    [InlineData("escalation_webhook", """{"settings":{"url":"https://x.example"}}""", "secrets.secret")]
    [InlineData("whatsapp", """{"settings":{"phone_number_id":"12ab"},"secrets":{"access_token":"a","app_secret":"b","verify_token":"c"}}""", "settings.phone_number_id")]
    [InlineData("telegram", """{"secrets":{"bot_token":"1:A","secret_token":"x","extra":"y"}}""", "secrets.extra")]
    [InlineData("telegram", """{"secrets":"nope"}""", "secrets")]
    public async Task RejectsABadIntegrationNamingTheField(string kind, string body, string field)
    {
        var client = factory.CreateClient();
        var shop = await AdminApiTests.CreateBusinessAsync(client);

        var response = await client.PutAsync($"/admin/businesses/{shop}/integrations/{kind}", HttpHelpers.Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(response.IsProblem());
        Assert.NotNull((await response.ReadObjectAsync())["errors"]![field]);
    }

    [Fact]
    public async Task AnIntegrationOfAnUnknownBusinessIsNotFound()
    {
        var client = factory.CreateClient();

        var response = await client.PutAsync("/admin/businesses/no-such-shop/integrations/telegram", HttpHelpers.Json(
            """{"secrets":{"bot_token":"1:A","secret_token":"abc"}}"""));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
