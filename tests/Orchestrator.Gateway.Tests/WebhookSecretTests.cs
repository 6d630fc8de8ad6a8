using System.Net;

namespace Orchestrator.Gateway.Tests;

/// <summary>The optional per-tenant shared secret of <c>POST /webhook</c>.</summary>
[Collection(GatewayCollection.Name)]
public sealed class WebhookSecretTests(GatewayFactory factory)
{
    [Fact]
    public async Task OnceASecretIsSetAWebhookCallWithoutItIsRefusedAndNothingIsRecorded()
    {
        var client = factory.CreateClient();
        var shop = await AdminApiTests.CreateBusinessAsync(client);
        await CreateSecretAsync(client, shop);

        var missing = await factory.CreateAnonymousClient().PostWebhookAsync("iade süresi ne kadar?", "u1", shop, messageId: "m1");
        var stats = await (await client.GetAsync($"/stats/{shop}")).ReadObjectAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.True(missing.IsProblem());
        Assert.NotNull((await missing.ReadObjectAsync())["errors"]!["X-Webhook-Secret"]);
        Assert.Equal(0, (long)stats["messages"]!);
    }

    [Fact]
    public async Task AWrongSecretIsRefusedAndTheRightOneIsAnswered()
    {
        var client = factory.CreateClient();
        var shop = await AdminApiTests.CreateBusinessAsync(client);
        var secret = await CreateSecretAsync(client, shop);

        var wrong = await Send(shop, secret[..^1] + (secret[^1] == 'A' ? 'B' : 'A'), "m1");
        var right = await Send(shop, secret, "m2");

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Equal("İade 14 gün içinde.", (string?)(await right.ReadObjectAsync())["message"]);
    }

    [Fact]
    public async Task ARotatedSecretReplacesTheOldOneAndRemovingItOpensTheWebhookAgain()
    {
        var client = factory.CreateClient();
        var shop = await AdminApiTests.CreateBusinessAsync(client);
        var first = await CreateSecretAsync(client, shop);
        var second = await CreateSecretAsync(client, shop);

        var withOld = await Send(shop, first, "m1");
        var withNew = await Send(shop, second, "m2");
        var removed = await client.DeleteAsync($"/admin/businesses/{shop}/webhook-secret");
        var status = await (await client.GetAsync($"/admin/businesses/{shop}/webhook-secret")).ReadObjectAsync();
        var without = await factory.CreateAnonymousClient().PostWebhookAsync("iade süresi ne kadar?", "u1", shop, messageId: "m3");
        var removedAgain = await client.DeleteAsync($"/admin/businesses/{shop}/webhook-secret");

        Assert.NotEqual(first, second);
        Assert.Equal(HttpStatusCode.Unauthorized, withOld.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withNew.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.False((bool)status["required"]!);
        Assert.Equal(HttpStatusCode.OK, without.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, removedAgain.StatusCode);
    }

    [Fact]
    public async Task TheSecretIsShownOnceAndNeverListed()
    {
        var client = factory.CreateClient();
        var shop = await AdminApiTests.CreateBusinessAsync(client);
        var secret = await CreateSecretAsync(client, shop);

        var status = await client.GetAsync($"/admin/businesses/{shop}/webhook-secret");
        var body = await status.Content.ReadAsStringAsync();

        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        Assert.Contains("\"required\":true", body, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, body, StringComparison.Ordinal);
        Assert.DoesNotContain(secret[6..], body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATenantsSecretDoesNotAffectAnotherTenant()
    {
        var client = factory.CreateClient();
        var locked = await AdminApiTests.CreateBusinessAsync(client);
        var open = await AdminApiTests.CreateBusinessAsync(client);
        var secret = await CreateSecretAsync(client, locked);

        var otherTenant = await factory.CreateAnonymousClient().PostWebhookAsync("iade süresi ne kadar?", "u1", open, messageId: "m1");
        var lockedWithItsSecret = await Send(locked, secret, "m2");

        Assert.Equal(HttpStatusCode.OK, otherTenant.StatusCode);
        Assert.Equal(HttpStatusCode.OK, lockedWithItsSecret.StatusCode);
    }

    [Fact]
    public async Task ASecretForAnUnknownTenantIsNotFound()
    {
        var response = await factory.CreateClient().PostAsync("/admin/businesses/no-such-shop-x/webhook-secret", null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.True(response.IsProblem());
    }

    private async Task<HttpResponseMessage> Send(string shop, string secret, string messageId)
    {
        var client = factory.CreateAnonymousClient();
        client.DefaultRequestHeaders.Add("X-Webhook-Secret", secret);
        return await client.PostWebhookAsync("iade süresi ne kadar?", "u1", shop, messageId: messageId);
    }

    private static async Task<string> CreateSecretAsync(HttpClient client, string shop)
    {
        var response = await client.PostAsync($"/admin/businesses/{shop}/webhook-secret", null);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.ReadObjectAsync();
        Assert.Equal("X-Webhook-Secret", (string?)body["header"]);
        return (string)body["secret"]!;
    }
}
