using System.Net;

namespace Orchestrator.Gateway.Tests;

/// <summary>Limits and hardening on a gateway of their own (the shared one runs with the limits off).</summary>
public sealed class LimitsAndHardeningTests : IAsyncLifetime
{
    private readonly GatewayFactory _factory = new GatewayFactory()
        .With("RateLimits:UserMessagesPerMinute", "3")
        .With("RateLimits:TenantMessagesPerSecond", "2")
        .With("RateLimits:TenantBurst", "6")
        .With("RateLimits:PerIpPerMinute", "0")
        .With("Cors:AllowedOrigins:0", "https://shop.example");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task AUserOverTheirLimitGets429WithRetryAfterAndNothingIsRecorded()
    {
        var client = _factory.CreateClient();
        var shop = await AdminApiTests.CreateBusinessAsync(client);

        var answered = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            answered.Add((await client.PostWebhookAsync("iade süresi ne kadar?", "chatty", shop, messageId: $"m{i}")).StatusCode);
        }

        var limited = await client.PostWebhookAsync("iade süresi ne kadar?", "chatty", shop, messageId: "m3");
        var otherUser = await client.PostWebhookAsync("iade süresi ne kadar?", "calm", shop);
        var stats = await (await client.GetAsync($"/stats/{shop}")).ReadObjectAsync();

        Assert.All(answered, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.IsProblem());
        Assert.True(limited.Headers.RetryAfter!.Delta >= TimeSpan.FromSeconds(1));
        Assert.NotNull((await limited.ReadObjectAsync())["errors"]!["kullanici_id"]);
        Assert.Equal(HttpStatusCode.OK, otherUser.StatusCode);
        Assert.Equal(4, (int)stats["messages"]!);
    }

    [Fact]
    public async Task ATenantOverItsLimitGets429AcrossAllItsUsers()
    {
        var client = _factory.CreateClient();
        var shop = await AdminApiTests.CreateBusinessAsync(client);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 12; i++)
        {
            statuses.Add((await client.PostWebhookAsync("kargo ne zaman gelir?", $"user-{i}", shop)).StatusCode);
        }

        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.InRange(statuses.Count(s => s == HttpStatusCode.OK), 6, 9);
    }

    [Fact]
    public async Task SendsSecurityHeadersAndAllowsOnlyTheConfiguredOrigin()
    {
        var client = _factory.CreateClient();

        var allowedResponse = await client.PreflightAsync("/webhook", "https://shop.example");
        var otherResponse = await client.PreflightAsync("/webhook", "https://evil.example");
        var health = await client.GetAsync("/health/live");
        var admin = await client.GetAsync("/admin/businesses");

        Assert.Equal("https://shop.example", allowedResponse.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.False(otherResponse.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.Equal("nosniff", health.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", health.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-store", admin.Headers.CacheControl!.ToString());
    }
}

/// <summary>The per-IP flood guard at the gateway.</summary>
public sealed class PerIpLimitTests : IAsyncLifetime
{
    private readonly GatewayFactory _factory = new GatewayFactory().With("RateLimits:PerIpPerMinute", "5");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task AFloodFromOneAddressGets429WithRetryAfterButProbesStillAnswer()
    {
        var client = _factory.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            statuses.Add((await client.GetAsync("/admin/businesses")).StatusCode);
        }

        var limited = await client.GetAsync("/admin/businesses");
        var probe = await client.GetAsync("/health/live");

        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.NotNull(limited.Headers.RetryAfter);
        Assert.True(limited.IsProblem());
        Assert.Equal(HttpStatusCode.OK, probe.StatusCode);
    }
}

/// <summary>A gateway with no origins allowed and the per-IP guard off (the defaults of the shared test gateway).</summary>
public sealed class NoOriginsNoIpLimitTests : IAsyncLifetime
{
    private readonly GatewayFactory _factory = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task NoOriginIsAllowedAndOneAddressIsNeverLimited()
    {
        var client = _factory.CreateClient();

        var preflightResponse = await client.PreflightAsync("/webhook", "https://shop.example");
        var crossOrigin = new HttpRequestMessage(HttpMethod.Get, "/admin/businesses");
        crossOrigin.Headers.Add("Origin", "https://shop.example");
        var crossOriginResponse = await client.SendAsync(crossOrigin);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 30; i++)
        {
            statuses.Add((await client.GetAsync("/admin/businesses")).StatusCode);
        }

        Assert.False(preflightResponse.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(crossOriginResponse.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.Equal("nosniff", crossOriginResponse.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
    }
}
