using System.Net;

namespace Orchestrator.Gateway.Tests;

[Collection(GatewayCollection.Name)]
public sealed class OperationsTests(GatewayFactory factory)
{
    [Fact]
    public async Task ReportsHealthWithEachCheck()
    {
        var response = await factory.CreateClient().GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadObjectAsync();
        Assert.Equal("healthy", (string?)body["status"]);
        Assert.Equal("embedded", (string?)body["mode"]);
        Assert.Equal("healthy", (string?)body["checks"]!["orleans"]!["status"]);
    }

    [Theory]
    [InlineData("/health/live", 0)]
    [InlineData("/health/ready", 1)]
    public async Task AnswersTheKubernetesProbes(string path, int checks)
    {
        var response = await factory.CreateClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(checks, (await response.ReadObjectAsync())["checks"]!.AsObject().Count);
    }

    [Fact]
    public async Task CountsMessagesSessionsIntentsAndEscalationsPerBusiness()
    {
        var client = factory.CreateClient();
        var business = await AdminApiTests.CreateBusinessAsync(client);

        await client.PostWebhookAsync("gecelik fiyatı ne kadar?", user: "s1", business: business);
        await client.PostWebhookAsync("iade politikanız nedir?", user: "s1", business: business);
        await client.PostWebhookAsync("temsilciyle görüşmek istiyorum", user: "s2", business: business, platform: "telegram");
        var stats = await (await client.GetAsync($"/stats/{business}")).ReadObjectAsync();

        Assert.Equal(business, (string?)stats["isletme_id"]);
        Assert.Equal(3, (long)stats["messages"]!);
        Assert.Equal(2, (long)stats["sessions"]!);
        Assert.Equal(2, (long)stats["users"]!);
        Assert.Equal(1, (long)stats["escalations"]!);
        Assert.Equal(1, (long)stats["intents"]!["product_price"]!);
        Assert.Equal(1, (long)stats["intents"]!["business_info"]!);
        Assert.Equal(2, (long)stats["platforms"]!["whatsapp"]!);
        Assert.Equal(1, (long)stats["platforms"]!["telegram"]!);
    }

    [Fact]
    public async Task ReportsStatisticsOfAnUnknownBusinessAsNotFound()
    {
        var response = await factory.CreateClient().GetAsync("/stats/nobody-here");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.True(response.IsProblem());
    }

    [Fact]
    public async Task PublishesAnOpenApiDocumentWithTheWebhook()
    {
        var response = await factory.CreateClient().GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await response.ReadObjectAsync();
        Assert.NotNull(document["paths"]!["/webhook"]!["post"]);
        Assert.NotNull(document["paths"]!["/admin/products/{isletme_id}/{product_id}"]!["put"]);
    }

    [Fact]
    public async Task AnswersAnUnknownRouteWithProblemDetails()
    {
        var response = await factory.CreateClient().GetAsync("/no/such/route");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.True(response.IsProblem());
    }
}
