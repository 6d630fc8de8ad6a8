using System.Net;

namespace Orchestrator.Gateway.Tests;

[Collection(GatewayCollection.Name)]
public sealed class AdminApiTests(GatewayFactory factory)
{
    /// <summary>Creates a shop with a fresh id, a greeting, meta and two products; returns its id.</summary>
    public static async Task<string> CreateBusinessAsync(HttpClient client)
    {
        var id = "shop-" + Guid.NewGuid().ToString("N")[..10];
        var response = await client.PostAsync("/admin/businesses", HttpHelpers.Json($$"""
            {
              "id": "{{id}}",
              "name": "Gece Butik",
              "greeting_message": "Merhaba, Gece Butik'e hoş geldiniz!",
              "meta_data": { "iade": "İade 14 gün içinde.", "kargo": "Kargo 2 günde." },
              "products": [
                { "id": "gecelik", "name": "Test Gecelik", "price": 299.99, "stock_quantity": 25 },
                { "id": "pijama", "name": "Pamuk Pijama Takımı", "price": 449.9, "stock_quantity": 12 }
              ]
            }
            """));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return id;
    }

    [Fact]
    public async Task CreatesABusinessWithItsCatalogueAndMetaInOneCall()
    {
        var client = factory.CreateClient();
        var id = await CreateBusinessAsync(client);

        var business = await (await client.GetAsync($"/admin/businesses/{id}")).ReadObjectAsync();

        Assert.Equal("Gece Butik", (string?)business["name"]);
        Assert.Equal("İade 14 gün içinde.", (string?)business["meta_data"]!["iade"]);
        Assert.Equal(2, business["products"]!.AsArray().Count);
        Assert.Equal(299.99m, (decimal)business["products"]![0]!["price"]!);
        Assert.Equal(1, (long)business["version"]!);
    }

    [Fact]
    public async Task ListsBusinessesInPages()
    {
        var client = factory.CreateClient();
        await CreateBusinessAsync(client);
        await CreateBusinessAsync(client);

        var page = await (await client.GetAsync("/admin/businesses?limit=2&offset=0")).ReadObjectAsync();
        var rest = await (await client.GetAsync("/admin/businesses?limit=500&offset=2")).ReadObjectAsync();

        Assert.Equal(2, page["items"]!.AsArray().Count);
        Assert.True((int)page["total"]! >= 3);
        Assert.Equal((int)page["total"]! - 2, rest["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task RefusesASecondBusinessWithTheSameId()
    {
        var client = factory.CreateClient();
        var id = await CreateBusinessAsync(client);

        var response = await client.PostAsync("/admin/businesses", HttpHelpers.Json($$"""{"id":"{{id}}","name":"Başka"}"""));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.True((await response.ReadObjectAsync())["errors"]!.AsObject().ContainsKey("id"));
    }

    [Fact]
    public async Task NamesEveryInvalidFieldOfANewBusiness()
    {
        var response = await factory.CreateClient().PostAsync("/admin/businesses", HttpHelpers.Json("""
            {
              "id": "bad id",
              "name": "",
              "meta_data": { "İade Politikası": "x" },
              "products": [ { "name": "Gecelik", "price": -1 }, { "id": "p", "name": "x", "price": 1.234, "stock_quantity": 1 } ]
            }
            """));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.ReadObjectAsync())["errors"]!.AsObject();
        Assert.True(errors.ContainsKey("id"));
        Assert.True(errors.ContainsKey("name"));
        Assert.True(errors.ContainsKey("meta_data.İade Politikası"));
        Assert.True(errors.ContainsKey("products[0].price"));
        Assert.True(errors.ContainsKey("products[0].stock_quantity"));
        Assert.True(errors.ContainsKey("products[1].price"));
    }

    [Fact]
    public async Task APriceUpdateIsAnsweredRightAway()
    {
        var client = factory.CreateClient();
        var id = await CreateBusinessAsync(client);
        await client.PostWebhookAsync("gecelik fiyatı ne kadar?", user: "u1", business: id);

        var update = await client.PutAsync($"/admin/products/{id}/gecelik", HttpHelpers.Json("""{"price": 349.99, "stock_quantity": 15}"""));
        var answer = await (await client.PostWebhookAsync("gecelik fiyatı ne kadar?", user: "u2", business: id)).ReadObjectAsync();

        Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        var product = await update.ReadObjectAsync();
        Assert.Equal(349.99m, (decimal)product["price"]!);
        Assert.Equal(15, (int)product["stock_quantity"]!);
        Assert.Equal("Test Gecelik\nFiyat: 349.99 TL", (string?)answer["message"]);
    }

    [Fact]
    public async Task AMetaUpdateIsAnsweredRightAway()
    {
        var client = factory.CreateClient();
        var id = await CreateBusinessAsync(client);
        await client.PostWebhookAsync("iade politikanız nedir?", user: "u1", business: id);

        var update = await client.PutAsync($"/admin/business/{id}/meta", HttpHelpers.Json("""{"info_type": "iade", "new_value": "İade 30 gün içinde yapılabilir"}"""));
        var answer = await (await client.PostWebhookAsync("iade politikanız nedir?", user: "u2", business: id)).ReadObjectAsync();

        Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        Assert.Equal("İade 30 gün içinde yapılabilir", (string?)answer["message"]);
    }

    [Fact]
    public async Task AddsListsReadsAndRemovesProducts()
    {
        var client = factory.CreateClient();
        var id = await CreateBusinessAsync(client);

        var created = await client.PostAsync($"/admin/products/{id}", HttpHelpers.Json("""{"name": "Dantelli Sabahlık", "price": 389, "stock_quantity": 0}"""));
        var productId = (string?)(await created.ReadObjectAsync())["id"];
        var list = await (await client.GetAsync($"/admin/products/{id}")).ReadObjectAsync();
        var one = await client.GetAsync($"/admin/products/{id}/{productId}");
        var removed = await client.DeleteAsync($"/admin/products/{id}/{productId}");
        var gone = await client.GetAsync($"/admin/products/{id}/{productId}");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/admin/products/{id}/{productId}", created.Headers.Location!.OriginalString);
        Assert.Equal(3, list["items"]!.AsArray().Count);
        Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task RenamesABusinessAndChangesItsGreeting()
    {
        var client = factory.CreateClient();
        var id = await CreateBusinessAsync(client);

        var response = await client.PatchAsync($"/admin/businesses/{id}", HttpHelpers.Json("""{"greeting_message": "Selam! Yeni sezon geldi."}"""));
        var greeting = await (await client.PostWebhookAsync("merhaba", user: "u1", business: id)).ReadObjectAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Selam! Yeni sezon geldi.", (string?)greeting["message"]);
        Assert.Equal(2, (long)(await response.ReadObjectAsync())["version"]!);
    }

    [Fact]
    public async Task DeletingABusinessMakesItUnknownEverywhere()
    {
        var client = factory.CreateClient();
        var id = await CreateBusinessAsync(client);
        await client.PostWebhookAsync("merhaba", user: "u1", business: id);

        var deleted = await client.DeleteAsync($"/admin/businesses/{id}");
        var webhook = await client.PostWebhookAsync("merhaba", user: "u1", business: id);
        var admin = await client.GetAsync($"/admin/businesses/{id}");
        var again = await client.DeleteAsync($"/admin/businesses/{id}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, webhook.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, admin.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task InvalidatesAndReportsTheCaches()
    {
        var client = factory.CreateClient();
        var id = await CreateBusinessAsync(client);
        await client.PostWebhookAsync("gecelik fiyatı ne kadar?", user: "u1", business: id);
        await client.PostWebhookAsync("gecelik fiyatı ne kadar?", user: "u2", business: id);

        var stats = await (await client.GetAsync($"/admin/cache/stats/{id}")).ReadObjectAsync();
        var product = await (await client.PostAsync($"/admin/cache/invalidate-product/{id}/gecelik", null)).ReadObjectAsync();
        var all = await client.PostAsync($"/admin/cache/invalidate/{id}", null);

        Assert.Equal(1, (long)stats["llm_cache"]!["hits"]!);
        Assert.Equal(0.5, (double)stats["llm_cache"]!["hit_rate"]!);
        Assert.Equal(1, (long)stats["llm_calls_saved"]!);
        Assert.Equal(1, (int)product["llm_entries_removed"]!);
        Assert.Equal(HttpStatusCode.OK, all.StatusCode);
    }

    public static TheoryData<string, string, string?, HttpStatusCode, string> BadAdminCalls => new()
    {
        { "PUT", "/admin/products/business456/test-gecelik", """{"price": "cheap"}""", HttpStatusCode.BadRequest, "price" },
        { "PUT", "/admin/products/business456/test-gecelik", """{"stock_quantity": -5}""", HttpStatusCode.BadRequest, "stock_quantity" },
        { "PUT", "/admin/products/business456/test-gecelik", """{"stock_quantity": 1.5}""", HttpStatusCode.BadRequest, "stock_quantity" },
        { "PUT", "/admin/products/business456/test-gecelik", "{}", HttpStatusCode.BadRequest, "body" },
        { "PUT", "/admin/products/business456/no-such-product", """{"price": 1}""", HttpStatusCode.NotFound, "product_id" },
        { "PUT", "/admin/products/no-such-shop/test-gecelik", """{"price": 1}""", HttpStatusCode.NotFound, "product_id" },
        { "PUT", "/admin/products/bad%20id/test-gecelik", """{"price": 1}""", HttpStatusCode.BadRequest, "isletme_id" },
        { "PUT", "/admin/business/business456/meta", """{"info_type": "iade"}""", HttpStatusCode.BadRequest, "new_value" },
        { "PUT", "/admin/business/business456/meta", """{"info_type": "İADE", "new_value": "x"}""", HttpStatusCode.BadRequest, "info_type" },
        { "PUT", "/admin/business/no-such-shop/meta", """{"info_type": "iade", "new_value": "x"}""", HttpStatusCode.NotFound, "isletme_id" },
        { "DELETE", "/admin/business/business456/meta/garanti", null, HttpStatusCode.NotFound, "info_type" },
        { "POST", "/admin/cache/invalidate/no-such-shop", null, HttpStatusCode.NotFound, "isletme_id" },
        { "GET", "/admin/cache/stats/no-such-shop", null, HttpStatusCode.NotFound, "isletme_id" },
        { "GET", "/admin/businesses?limit=0", null, HttpStatusCode.BadRequest, "limit" },
        { "GET", "/admin/businesses?offset=-1", null, HttpStatusCode.BadRequest, "offset" },
        { "PATCH", "/admin/businesses/business456", "{}", HttpStatusCode.BadRequest, "body" },
        { "POST", "/admin/products/business456", """{"name": "X", "price": 1, "stock_quantity": 1, "id": "test-gecelik"}""", HttpStatusCode.Conflict, "id" },
    };

    [Theory]
    [MemberData(nameof(BadAdminCalls))]
    public async Task RejectsABadAdminCallNamingTheField(string method, string path, string? body, HttpStatusCode expected, string field)
    {
        var client = factory.CreateClient();
        var before = await client.GetStringAsync("/admin/businesses/business456");
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = body is null ? null : HttpHelpers.Json(body) };

        var response = await client.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
        Assert.True(response.IsProblem());
        Assert.True((await response.ReadObjectAsync())["errors"]!.AsObject().ContainsKey(field));
        Assert.Equal(before, await client.GetStringAsync("/admin/businesses/business456"));
    }
}
