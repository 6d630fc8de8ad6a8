using System.Net;

namespace Orchestrator.Gateway.Tests;

/// <summary>The operator's budget routes and what the stats say about the budget.</summary>
[Collection(GatewayCollection.Name)]
public sealed class LlmBudgetApiTests(GatewayFactory factory)
{
    [Fact]
    public async Task TheOperatorSetsATenantsLimitAndTheStatsShowIt()
    {
        var client = factory.CreateClient();
        var shop = await AdminApiTests.CreateBusinessAsync(client);

        var set = await client.PutAsync($"/admin/businesses/{shop}/llm-budget", HttpHelpers.Json("""{"monthly_token_limit":250000}"""));
        var stats = await (await client.GetAsync($"/stats/{shop}")).ReadObjectAsync();

        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        var budget = stats["llm_budget"]!;
        Assert.Equal(250000, (long)budget["monthly_token_limit"]!);
        Assert.False((bool)budget["default_limit"]!);
        Assert.Equal(0, (long)budget["used_tokens"]!);
        Assert.Equal(250000, (long)budget["remaining_tokens"]!);
        Assert.False((bool)budget["spent"]!);
        Assert.Equal("model", (string?)budget["answered_by"]);
        Assert.Matches(@"^\d{4}-\d{2}$", (string)budget["month"]!);
    }

    [Fact]
    public async Task DeletingTheBudgetGoesBackToTheDefaultWhichIsUnlimited()
    {
        var client = factory.CreateClient();
        var shop = await AdminApiTests.CreateBusinessAsync(client);
        await client.PutAsync($"/admin/businesses/{shop}/llm-budget", HttpHelpers.Json("""{"monthly_token_limit":10}"""));

        var reset = await client.DeleteAsync($"/admin/businesses/{shop}/llm-budget");
        var budget = await (await client.GetAsync($"/admin/businesses/{shop}/llm-budget")).ReadObjectAsync();

        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.True((bool)budget["default_limit"]!);
        Assert.Equal(0, (long)budget["monthly_token_limit"]!);
        Assert.Null(budget["remaining_tokens"]);
    }

    [Theory]
    [InlineData("""{"monthly_token_limit":-1}""")]
    [InlineData("""{"monthly_token_limit":null}""")]
    [InlineData("""{}""")]
    [InlineData("""{"monthly_token_limit":"many"}""")]
    public async Task RefusesABadLimitNamingTheField(string body)
    {
        var client = factory.CreateClient();
        var shop = await AdminApiTests.CreateBusinessAsync(client);

        var response = await client.PutAsync($"/admin/businesses/{shop}/llm-budget", HttpHelpers.Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(response.IsProblem());
        Assert.Contains("monthly_token_limit", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheBudgetOfAnUnknownTenantIsNotFound()
    {
        var response = await factory.CreateClient().PutAsync("/admin/businesses/no-such-shop-y/llm-budget", HttpHelpers.Json("""{"monthly_token_limit":5}"""));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
