using System.Net;

namespace Orchestrator.Gateway.Tests;

/// <summary>The agent API driving the handoff end to end through the real gateway.</summary>
[Collection(GatewayCollection.Name)]
public sealed class AgentApiTests(GatewayFactory factory)
{
    private const string AskForPerson = "bir müşteri temsilcisiyle görüşmek istiyorum";

    [Fact]
    public async Task DrivesATicketFromEscalationToResolvedAndTheSessionReturnsToTheBot()
    {
        var client = factory.CreateClient();
        var shop = await AdminApiTests.CreateBusinessAsync(client);
        var user = "u-" + Guid.NewGuid().ToString("N")[..8];

        var escalated = await (await client.PostWebhookAsync(AskForPerson, user, shop)).ReadObjectAsync();
        var ticketId = (string)escalated["ticket_id"]!;
        var listed = await (await client.GetAsync($"/agent/{shop}/tickets?status=open")).ReadObjectAsync();
        var waiting1 = await (await client.PostWebhookAsync("ne zaman dönersiniz?", user, shop)).ReadObjectAsync();
        var waiting2 = await (await client.PostWebhookAsync("hala bekliyorum", user, shop)).ReadObjectAsync();

        var assigned = await client.PostAsync($"/agent/{shop}/tickets/{ticketId}/assign", HttpHelpers.Json("""{"agent":"ayse"}"""));
        var muted = await (await client.PostWebhookAsync("iade süresi ne kadar?", user, shop)).ReadObjectAsync();
        var replied = await client.PostAsync($"/agent/{shop}/tickets/{ticketId}/reply", HttpHelpers.Json("""{"agent":"ayse","text":"Merhaba, iade 14 gün içinde yapılabilir."}"""));
        var resolved = await client.PostAsync($"/agent/{shop}/tickets/{ticketId}/resolve", HttpHelpers.Json("""{"agent":"ayse","note":"bilgi verildi"}"""));
        var backToBot = await (await client.PostWebhookAsync("iade süresi ne kadar?", user, shop)).ReadObjectAsync();
        var ticket = await (await client.GetAsync($"/agent/{shop}/tickets/{ticketId}")).ReadObjectAsync();

        Assert.True((bool)escalated["escalated"]!);
        Assert.Equal("medium", (string?)listed["items"]!.AsArray().Single()!["priority"]);
        Assert.Equal("human_requested", (string?)listed["items"]!.AsArray().Single()!["escalation_reason"]);
        Assert.Contains("temsilci", (string)waiting1["message"]!, StringComparison.Ordinal);
        Assert.Equal("", (string?)waiting2["message"]);
        Assert.Equal(HttpStatusCode.OK, assigned.StatusCode);
        Assert.Equal("", (string?)muted["message"]);
        Assert.Null((string?)muted["intent"]);
        Assert.Equal(HttpStatusCode.OK, replied.StatusCode);
        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        Assert.Contains("14 gün", (string)backToBot["message"]!, StringComparison.Ordinal);
        Assert.False((bool)backToBot["escalated"]!);
        Assert.Equal("resolved", (string?)ticket["status"]);
        Assert.Equal("ayse", (string?)ticket["assigned_to"]);
        var authors = ticket["conversation_history"]!.AsArray().Select(m => (string)m!["author"]!).ToList();
        Assert.Contains("agent:ayse", authors);
        Assert.Equal(3, authors.Count(a => a == "user") - 1); // the three messages written while waiting or muted, after the trigger
    }

    [Fact]
    public async Task AClaimByASecondAgentIsAConflictThatNamesTheOwner()
    {
        var (client, shop, ticketId) = await EscalatedAsync();

        await client.PostAsync($"/agent/{shop}/tickets/{ticketId}/assign", HttpHelpers.Json("""{"agent":"ayse"}"""));
        var again = await client.PostAsync($"/agent/{shop}/tickets/{ticketId}/assign", HttpHelpers.Json("""{"agent":"ayse"}"""));
        var other = await client.PostAsync($"/agent/{shop}/tickets/{ticketId}/assign", HttpHelpers.Json("""{"agent":"mehmet"}"""));
        var otherReply = await client.PostAsync($"/agent/{shop}/tickets/{ticketId}/reply", HttpHelpers.Json("""{"agent":"mehmet","text":"merhaba"}"""));

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);
        Assert.True(other.IsProblem());
        Assert.Contains("ayse", (string)(await other.ReadObjectAsync())["errors"]!["status"]![0]!, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, otherReply.StatusCode);
    }

    [Fact]
    public async Task AReopenedTicketTakesTheConversationBackWithoutOpeningASecondTicket()
    {
        var (client, shop, ticketId) = await EscalatedAsync();
        var user = (string)(await (await client.GetAsync($"/agent/{shop}/tickets/{ticketId}")).ReadObjectAsync())["user_id"]!;

        await client.PostAsync($"/agent/{shop}/tickets/{ticketId}/resolve", HttpHelpers.Json("""{"agent":"ayse"}"""));
        var reopened = await client.PostAsync($"/agent/{shop}/tickets/{ticketId}/reopen", HttpHelpers.Json("""{"agent":"ayse","reason":"müşteri tekrar yazdı"}"""));
        var reopenAgain = await client.PostAsync($"/agent/{shop}/tickets/{ticketId}/reopen", HttpHelpers.Json("""{"agent":"ayse"}"""));
        var next = await (await client.PostWebhookAsync("merhaba, orada mısınız?", user, shop)).ReadObjectAsync();
        var all = await (await client.GetAsync($"/agent/{shop}/tickets")).ReadObjectAsync();

        Assert.Equal(HttpStatusCode.OK, reopened.StatusCode);
        Assert.Equal("open", (string?)(await reopened.ReadObjectAsync())["status"]);
        Assert.Equal(HttpStatusCode.Conflict, reopenAgain.StatusCode);
        Assert.Equal(ticketId, (string?)next["ticket_id"]);
        Assert.False((bool)next["escalated"]! && (string?)next["ticket_id"] != ticketId);
        Assert.Equal(1, (int)all["total"]!);
    }

    [Fact]
    public async Task ListsTicketsByStatusAndPriorityInPages()
    {
        var client = factory.CreateClient();
        var shop = await AdminApiTests.CreateBusinessAsync(client);
        for (var i = 0; i < 3; i++)
        {
            await client.PostWebhookAsync(AskForPerson, $"user-{i}", shop);
        }

        var first = await (await client.GetAsync($"/agent/{shop}/tickets?limit=2")).ReadObjectAsync();
        var second = await (await client.GetAsync($"/agent/{shop}/tickets?limit=2&offset=2")).ReadObjectAsync();
        var high = await (await client.GetAsync($"/agent/{shop}/tickets?priority=high")).ReadObjectAsync();
        var medium = await (await client.GetAsync($"/agent/{shop}/tickets?priority=medium&status=open")).ReadObjectAsync();

        Assert.Equal(3, (int)first["total"]!);
        Assert.Equal(2, first["items"]!.AsArray().Count);
        Assert.Single(second["items"]!.AsArray());
        Assert.Equal(0, (int)high["total"]!);
        Assert.Equal(3, (int)medium["total"]!);
    }

    [Fact]
    public async Task ATicketOfAnotherBusinessIsNotFound()
    {
        var (client, _, ticketId) = await EscalatedAsync();
        var otherShop = await AdminApiTests.CreateBusinessAsync(client);

        var read = await client.GetAsync($"/agent/{otherShop}/tickets/{ticketId}");
        var assign = await client.PostAsync($"/agent/{otherShop}/tickets/{ticketId}/assign", HttpHelpers.Json("""{"agent":"x"}"""));

        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, assign.StatusCode);
    }

    [Theory]
    [InlineData("/tickets?status=closed", "status")]
    [InlineData("/tickets?priority=urgent", "priority")]
    [InlineData("/tickets?limit=0", "limit")]
    [InlineData("/tickets?offset=-1", "offset")]
    [InlineData("/tickets/TKT-123", "ticket_id")]
    [InlineData("/tickets/tkt-ABCDEFGHJK", "ticket_id")]
    public async Task RejectsBadQueriesNamingTheField(string path, string field)
    {
        var client = factory.CreateClient();

        var response = await client.GetAsync($"/agent/business456{path}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(response.IsProblem());
        Assert.NotNull((await response.ReadObjectAsync())["errors"]![field]);
    }

    [Theory]
    [InlineData("assign", """{}""", "agent")]
    [InlineData("assign", """{"agent":"   "}""", "agent")]
    [InlineData("reply", """{"agent":"ayse"}""", "text")]
    [InlineData("reply", """{"agent":"ayse","text":""}""", "text")]
    [InlineData("reply", """{"agent":"ayse","text":"a\u0000b"}""", "text")]
    [InlineData("resolve", """{"note":"x"}""", "agent")]
    [InlineData("reopen", """{"agent":"ayse","reason":123}""", "reason")]
    public async Task RejectsBadCommandBodiesNamingTheField(string command, string body, string field)
    {
        var (client, shop, ticketId) = await EscalatedAsync();

        var response = await client.PostAsync($"/agent/{shop}/tickets/{ticketId}/{command}", HttpHelpers.Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await response.ReadObjectAsync())["errors"]![field]);
    }

    [Fact]
    public async Task AnUnknownTicketAndAnUnknownBusinessAreNotFound()
    {
        var client = factory.CreateClient();

        var ticket = await client.GetAsync("/agent/business456/tickets/TKT-0000000000");
        var business = await client.GetAsync("/agent/no-such-shop/tickets");

        Assert.Equal(HttpStatusCode.NotFound, ticket.StatusCode);
        Assert.Equal("ticket_id", (await ticket.ReadObjectAsync())["errors"]!.AsObject().Single().Key);
        Assert.Equal(HttpStatusCode.NotFound, business.StatusCode);
    }

    private async Task<(HttpClient Client, string Shop, string TicketId)> EscalatedAsync()
    {
        var client = factory.CreateClient();
        var shop = await AdminApiTests.CreateBusinessAsync(client);
        var user = "u-" + Guid.NewGuid().ToString("N")[..8];
        var escalated = await (await client.PostWebhookAsync(AskForPerson, user, shop)).ReadObjectAsync();
        return (client, shop, (string)escalated["ticket_id"]!);
    }
}
