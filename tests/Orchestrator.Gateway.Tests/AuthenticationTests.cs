using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;

namespace Orchestrator.Gateway.Tests;

/// <summary>
/// Invariant 4: a tenant key never reads or changes another tenant's data. Every admin, agent and stats route is
/// called without a key, with a wrong key, with another tenant's key and with the right keys.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class AuthenticationTests(GatewayFactory factory)
{
    /// <summary>Every tenant-scoped route, with {id} for the business id (and a body where it needs one).</summary>
    public static TheoryData<string, string, string?> TenantRoutes => new()
    {
        { "GET", "/admin/businesses/{id}", null },
        { "PATCH", "/admin/businesses/{id}", """{"name":"Yeni Ad"}""" },
        { "PUT", "/admin/business/{id}/meta", """{"info_type":"kargo","new_value":"Kargo ücretsiz."}""" },
        { "DELETE", "/admin/business/{id}/meta/iade", null },
        { "GET", "/admin/products/{id}", null },
        { "POST", "/admin/products/{id}", """{"name":"Dantel Sabahlık","price":199.9,"stock_quantity":3}""" },
        { "GET", "/admin/products/{id}/gecelik", null },
        { "PUT", "/admin/products/{id}/gecelik", """{"price":279.99}""" },
        { "DELETE", "/admin/products/{id}/pijama", null },
        { "POST", "/admin/cache/invalidate/{id}", null },
        { "POST", "/admin/cache/invalidate-product/{id}/gecelik", null },
        { "GET", "/admin/cache/stats/{id}", null },
        { "GET", "/admin/businesses/{id}/integrations", null },
        { "GET", "/admin/businesses/{id}/integrations/telegram", null },
        { "PUT", "/admin/businesses/{id}/integrations/telegram", """{"secrets":{"bot_token":"1:A","secret_token":"abc"}}""" },
        { "DELETE", "/admin/businesses/{id}/integrations/telegram", null },
        { "GET", "/agent/{id}/tickets", null },
        { "GET", "/agent/{id}/tickets/TKT-0000000000", null },
        { "POST", "/agent/{id}/tickets/TKT-0000000000/assign", """{"agent":"ayse"}""" },
        { "POST", "/agent/{id}/tickets/TKT-0000000000/reply", """{"agent":"ayse","text":"merhaba"}""" },
        { "POST", "/agent/{id}/tickets/TKT-0000000000/resolve", """{"agent":"ayse"}""" },
        { "POST", "/agent/{id}/tickets/TKT-0000000000/reopen", """{"agent":"ayse"}""" },
        { "GET", "/stats/{id}", null },
        { "GET", "/admin/businesses/{id}/llm-budget", null },
        { "POST", "/admin/businesses/{id}/webhook-secret", null },
        { "GET", "/admin/businesses/{id}/webhook-secret", null },
        { "DELETE", "/admin/businesses/{id}/webhook-secret", null },
    };

    /// <summary>The operator-only routes.</summary>
    public static TheoryData<string, string, string?> OperatorRoutes => new()
    {
        { "POST", "/admin/businesses", """{"id":"never-created","name":"X"}""" },
        { "GET", "/admin/businesses", null },
        { "DELETE", "/admin/businesses/{id}", null },
        { "POST", "/admin/businesses/{id}/api-keys", """{"name":"pos"}""" },
        { "GET", "/admin/businesses/{id}/api-keys", null },
        { "DELETE", "/admin/businesses/{id}/api-keys/abcdefghjkmn", null },
        { "PUT", "/admin/businesses/{id}/llm-budget", """{"monthly_token_limit":1000}""" },
        { "DELETE", "/admin/businesses/{id}/llm-budget", null },
    };

    /// <summary>Routes open without a key, on purpose.</summary>
    private static readonly string[] OpenRoutes = ["/webhook", "/health", "/health/live", "/health/ready", "/metrics", "/openapi/{documentName}.json"];

    [Fact]
    public void EveryMappedRouteIsInOneOfTheListsAbove()
    {
        var listed = TenantRoutes.Concat(OperatorRoutes).Select(row => Shape((string)row[0], (string)row[1])).ToHashSet(StringComparer.Ordinal);
        var mapped = factory.Services.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>().Endpoints
            .OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>()
            .Where(e => !OpenRoutes.Contains(e.RoutePattern.RawText, StringComparer.Ordinal) && !(e.RoutePattern.RawText ?? "").StartsWith("/channels/", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m => (Method: m, Pattern: e.RoutePattern.RawText!)))
            .ToList();

        var unlisted = mapped.Where(r => !listed.Contains(Shape(r.Method, r.Pattern))).Select(r => $"{r.Method} {r.Pattern}").ToList();

        Assert.NotEmpty(mapped);
        Assert.Empty(unlisted);
    }

    /// <summary>A route with its parameters blanked, so a listed example matches the mapped pattern.</summary>
    private static string Shape(string method, string route)
    {
        var segments = route.TrimEnd('/').Split('/').Select((segment, index) =>
            segment.StartsWith('{') || index > 0 && IsExampleValue(segment) ? "*" : segment);
        return method + " " + string.Join('/', segments);
    }

    private static bool IsExampleValue(string segment) =>
        segment is "iade" or "gecelik" or "pijama" or "telegram" or "TKT-0000000000" or "abcdefghjkmn";

    [Theory]
    [MemberData(nameof(TenantRoutes))]
    [MemberData(nameof(OperatorRoutes))]
    public async Task EveryAdminRouteRefusesAMissingOrWrongKey(string method, string route, string? body)
    {
        var shop = await AdminApiTests.CreateBusinessAsync(factory.CreateClient());
        var anonymous = factory.CreateAnonymousClient();

        var missing = await anonymous.SendAsync(Request(method, route, shop, body, key: null));
        var wrong = await anonymous.SendAsync(Request(method, route, shop, body, key: "not-the-operator-key-at-all"));
        var forged = await anonymous.SendAsync(Request(method, route, shop, body, key: ForgedKey(shop)));

        foreach (var response in new[] { missing, wrong, forged })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.True(response.IsProblem());
            Assert.NotNull((await response.ReadObjectAsync())["errors"]!["X-API-Key"]);
            Assert.Contains("X-API-Key", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        }

        Assert.NotNull(await (await factory.CreateClient().GetAsync($"/admin/businesses/{shop}")).ReadObjectAsync());
    }

    [Theory]
    [MemberData(nameof(TenantRoutes))]
    public async Task ATenantKeyNeverReachesAnotherTenantsData(string method, string route, string? body)
    {
        var client = factory.CreateClient();
        var mine = await AdminApiTests.CreateBusinessAsync(client);
        var theirs = await AdminApiTests.CreateBusinessAsync(client);
        var before = await (await client.GetAsync($"/admin/businesses/{theirs}")).Content.ReadAsStringAsync();
        var myKey = await CreateKeyAsync(client, mine);
        var anonymous = factory.CreateAnonymousClient();

        var response = await anonymous.SendAsync(Request(method, route, theirs, body, myKey));
        var after = await (await client.GetAsync($"/admin/businesses/{theirs}")).Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("another business", (string)(await response.ReadObjectAsync())["errors"]!["X-API-Key"]![0]!, StringComparison.Ordinal);
        Assert.Equal(before, after);
    }

    [Theory]
    [MemberData(nameof(TenantRoutes))]
    public async Task ATenantKeyOpensItsOwnRoutes(string method, string route, string? body)
    {
        var client = factory.CreateClient();
        var mine = await AdminApiTests.CreateBusinessAsync(client);
        var myKey = await CreateKeyAsync(client, mine);

        var response = await factory.CreateAnonymousClient().SendAsync(Request(method, route, mine, body, myKey));

        Assert.NotEqual(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.NotEqual(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.True((int)response.StatusCode < 500, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    [Theory]
    [MemberData(nameof(OperatorRoutes))]
    public async Task ATenantKeyCannotUseOperatorRoutes(string method, string route, string? body)
    {
        var client = factory.CreateClient();
        var mine = await AdminApiTests.CreateBusinessAsync(client);
        var myKey = await CreateKeyAsync(client, mine);

        var response = await factory.CreateAnonymousClient().SendAsync(Request(method, route, mine, body, myKey));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.NotNull(await (await client.GetAsync($"/admin/businesses/{mine}")).ReadObjectAsync());
    }

    [Fact]
    public async Task ARevokedKeyStopsWorkingAtOnceAndIsListedWithoutItsSecret()
    {
        var client = factory.CreateClient();
        var shop = await AdminApiTests.CreateBusinessAsync(client);
        var created = await (await client.PostAsync($"/admin/businesses/{shop}/api-keys", HttpHelpers.Json("""{"name":"kasa"}"""))).ReadObjectAsync();
        var key = (string)created["key"]!;
        var keyId = (string)created["key_id"]!;
        var tenant = factory.CreateAnonymousClient();
        tenant.DefaultRequestHeaders.Add("X-API-Key", key);

        var before = await tenant.GetAsync($"/admin/businesses/{shop}");
        var revoked = await client.DeleteAsync($"/admin/businesses/{shop}/api-keys/{keyId}");
        var after = await tenant.GetAsync($"/admin/businesses/{shop}");
        var list = await (await client.GetAsync($"/admin/businesses/{shop}/api-keys")).Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.DoesNotContain(key.Split('.')[3], list, StringComparison.Ordinal);
        Assert.NotNull(JsonNode.Parse(list)!["items"]![0]!["revoked_at"]);
    }

    [Fact]
    public async Task ADeletedTenantsKeysDieWithIt()
    {
        var client = factory.CreateClient();
        var shop = await AdminApiTests.CreateBusinessAsync(client);
        var key = await CreateKeyAsync(client, shop);

        await client.DeleteAsync($"/admin/businesses/{shop}");
        await client.PostAsync("/admin/businesses", HttpHelpers.Json($$"""{"id":"{{shop}}","name":"Yeni Sahip"}"""));
        var tenant = factory.CreateAnonymousClient();
        tenant.DefaultRequestHeaders.Add("X-API-Key", key);

        Assert.Equal(HttpStatusCode.Unauthorized, (await tenant.GetAsync($"/admin/businesses/{shop}")).StatusCode);
    }

    [Fact]
    public async Task TheWebhookHealthAndMetricsNeedNoKey()
    {
        var anonymous = factory.CreateAnonymousClient();

        Assert.Equal(HttpStatusCode.OK, (await anonymous.PostWebhookAsync("merhaba", "auth-free")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/metrics")).StatusCode);
    }

    [Fact]
    public async Task RefusesAKeyWithoutAName()
    {
        var client = factory.CreateClient();
        var shop = await AdminApiTests.CreateBusinessAsync(client);

        var response = await client.PostAsync($"/admin/businesses/{shop}/api-keys", HttpHelpers.Json("""{"name":" "}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await response.ReadObjectAsync())["errors"]!["name"]);
    }

    [Fact]
    public async Task RefusesAKeyBeyondTheActiveLimitWithAConflictUntilOneIsRevoked()
    {
        var client = factory.CreateClient();
        var shop = await AdminApiTests.CreateBusinessAsync(client);
        string? firstId = null;
        for (var i = 0; i < 50; i++)
        {
            var created = await client.PostAsync($"/admin/businesses/{shop}/api-keys", HttpHelpers.Json("""{"name":"k"}"""));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            firstId ??= (string)(await created.ReadObjectAsync())["key_id"]!;
        }

        var refused = await client.PostAsync($"/admin/businesses/{shop}/api-keys", HttpHelpers.Json("""{"name":"one too many"}"""));
        await client.DeleteAsync($"/admin/businesses/{shop}/api-keys/{firstId}");
        var afterRevoke = await client.PostAsync($"/admin/businesses/{shop}/api-keys", HttpHelpers.Json("""{"name":"replacement"}"""));

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.True(refused.IsProblem());
        Assert.Equal(HttpStatusCode.Created, afterRevoke.StatusCode);
    }

    private static async Task<string> CreateKeyAsync(HttpClient operatorClient, string shop)
    {
        var response = await operatorClient.PostAsync($"/admin/businesses/{shop}/api-keys", HttpHelpers.Json("""{"name":"test"}"""));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (string)(await response.ReadObjectAsync())["key"]!;
    }

    /// <summary>A key of the right shape for the tenant, but never issued.</summary>
    private static string ForgedKey(string shop) =>
        $"ork.{System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(shop))}.abcdefghjkmn.c2VjcmV0LXRoYXQtd2FzLW5ldmVyLWlzc3Vl";

    private static HttpRequestMessage Request(string method, string route, string shop, string? body, string? key)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), route.Replace("{id}", shop, StringComparison.Ordinal));
        if (body is not null)
        {
            request.Content = HttpHelpers.Json(body);
        }

        if (key is not null)
        {
            request.Headers.Add("X-API-Key", key);
        }

        return request;
    }
}
