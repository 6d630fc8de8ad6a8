using Orchestrator.GrainInterfaces;
using Orchestrator.Grains.Businesses;
using Orchestrator.Grains.Tests.Fakes;

namespace Orchestrator.Grains.Tests.Cluster;

[Collection(ClusterCollection.Name)]
public sealed class SessionGrainTests(ClusterFixture fixture)
{
    private IClusterClient Client => fixture.Client;

    [Fact]
    public async Task AnswersPriceFromCatalogueAndRecordsTheInteraction()
    {
        fixture.Model.Script("saten gecelik fiyatı ne kadar?", ScriptedIntentModel.Output("product_price", 0.95, "saten gecelik"));
        var business = await fixture.CreateBusinessAsync(("p1", "Saten Gecelik", 349.9m, 5), ("p2", "Pamuk Pijama", 199m, 3));

        var outcome = await Client.GetSession(business, "whatsapp", "u1").Handle(Message("saten gecelik fiyatı ne kadar?", "m-1"));

        Assert.Equal(MessageStatus.Answered, outcome.Status);
        Assert.Equal("Saten Gecelik\nFiyat: 349.90 TL", outcome.Reply);
        Assert.Equal("product_price", outcome.Intent);
        Assert.False(outcome.Escalated);
        var recorded = Assert.Single(await fixture.Interactions.RecentAsync(business, "whatsapp", "u1", 10, default));
        Assert.Equal(outcome.Reply, recorded.FinalResponse);
        Assert.Equal("m-1", recorded.PlatformMessageId);
        Assert.Equal("p1", recorded.ProductId);
        Assert.Equal(outcome.SessionId, recorded.SessionId);
        Assert.Contains("\"product_price\"", recorded.LlmResponse);
    }

    [Fact]
    public async Task KeepsTheSessionWithinTheTimeoutAndStartsANewOneAfter()
    {
        var business = await fixture.CreateBusinessAsync(("p1", "Saten Gecelik", 349.9m, 5));
        var session = Client.GetSession(business, "web", "u-timeout");

        var first = await session.Handle(Message("merhaba"));
        fixture.Time.Advance(TimeSpan.FromMinutes(29));
        var second = await session.Handle(Message("merhaba"));
        fixture.Time.Advance(TimeSpan.FromMinutes(31));
        var third = await session.Handle(Message("merhaba"));

        Assert.True(Guid.TryParse(first.SessionId, out _));
        Assert.Equal(first.SessionId, second.SessionId);
        Assert.NotEqual(second.SessionId, third.SessionId);
        var snapshot = await session.GetSnapshot();
        Assert.Single(snapshot.History);
    }

    [Fact]
    public async Task KeepsRecentHistoryInOrder()
    {
        var business = await fixture.CreateBusinessAsync(("p1", "Saten Gecelik", 349.9m, 5));
        var session = Client.GetSession(business, "web", "u-history");

        await session.Handle(Message("ilk mesaj"));
        await session.Handle(Message("ikinci mesaj"));

        var history = (await session.GetSnapshot()).History;
        Assert.Equal(["ilk mesaj", "ikinci mesaj"], history.Select(t => t.UserText));
    }

    [Fact]
    public async Task KeepsOnlyTheNewestTurnsOnceTheHistoryIsFull()
    {
        var business = await fixture.CreateBusinessAsync(("p1", "Saten Gecelik", 349.9m, 5));
        var session = Client.GetSession(business, "web", "u-long-history");

        for (var i = 1; i <= 13; i++)
        {
            await session.Handle(Message($"mesaj {i}"));
        }

        var history = (await session.GetSnapshot()).History;
        Assert.Equal(Enumerable.Range(4, 10).Select(i => $"mesaj {i}"), history.Select(t => t.UserText)); // HistoryTurns: 10
    }

    [Fact]
    public async Task AnswersARedeliveredMessageOnceAndRecordsItOnce()
    {
        fixture.Model.Script("gecelik stokta var mı", ScriptedIntentModel.Output("product_stock", 0.93, "gecelik"));
        var business = await fixture.CreateBusinessAsync(("p1", "Saten Gecelik", 349.9m, 5));
        var session = Client.GetSession(business, "whatsapp", "u-dup");

        var first = await session.Handle(Message("gecelik stokta var mı", "wamid.1"));
        var again = await session.Handle(Message("gecelik stokta var mı", "wamid.1"));

        Assert.False(first.Duplicate);
        Assert.True(again.Duplicate);
        Assert.Equal(first.Reply, again.Reply);
        Assert.Equal(first.SessionId, again.SessionId);
        Assert.Single(await fixture.Interactions.RecentAsync(business, "whatsapp", "u-dup", 10, default));
        Assert.Equal(1, fixture.Model.CallsFor(business));
    }

    [Fact]
    public async Task RebuildsTheSessionFromItsRecordsAfterDeactivation()
    {
        var business = await fixture.CreateBusinessAsync(("p1", "Saten Gecelik", 349.9m, 5));
        var session = Client.GetSession(business, "telegram", "u-restore");
        var first = await session.Handle(Message("merhaba", "tg-1"));

        await fixture.Cluster.DeactivateAsync(session);
        var redelivered = await session.Handle(Message("merhaba", "tg-1"));
        var next = await session.Handle(Message("tekrar merhaba", "tg-2"));

        Assert.True(redelivered.Duplicate);
        Assert.Equal(first.SessionId, next.SessionId);
        Assert.Equal(2, (await session.GetSnapshot()).History.Length);
        Assert.Equal(2, (await fixture.Interactions.RecentAsync(business, "telegram", "u-restore", 10, default)).Count);
    }

    [Fact]
    public async Task ReportsAnUnknownBusinessAndRecordsNothing()
    {
        var outcome = await Client.GetSession("no-such-business", "web", "u1").Handle(Message("merhaba"));

        Assert.Equal(MessageStatus.TenantNotFound, outcome.Status);
        Assert.Empty(await fixture.Interactions.RecentAsync("no-such-business", "web", "u1", 10, default));
    }

    [Fact]
    public async Task HandsALowConfidenceMessageToAPersonWithATicket()
    {
        fixture.Model.Script("şey acaba o şey", ScriptedIntentModel.Output("other", 0.41));
        var business = await fixture.CreateBusinessAsync(("p1", "Saten Gecelik", 349.9m, 5));
        var session = Client.GetSession(business, "web", "u-low");

        var outcome = await session.Handle(Message("şey acaba o şey", "w-1"));

        Assert.True(outcome.Escalated);
        Assert.NotNull(outcome.TicketId);
        Assert.Equal(ReplyTexts.HandoffStarted(outcome.TicketId!), outcome.Reply);
        var ticket = await Client.GetTicket(outcome.TicketId!).Get();
        Assert.NotNull(ticket);
        Assert.Equal(EscalationReason.LowConfidence, ticket!.Reason);
        Assert.Equal(TicketPriority.Low, ticket.Priority);
        Assert.Equal(TicketStatus.Open, ticket.Status);
        Assert.Equal(business, ticket.BusinessId);
        Assert.Equal("şey acaba o şey", ticket.Conversation[^1].Text);
        var snapshot = await session.GetSnapshot();
        Assert.Equal(HandoffState.AwaitingHuman, snapshot.Handoff);
        Assert.Equal(outcome.TicketId, snapshot.TicketId);
    }

    [Fact]
    public async Task WhileHandedOffSendsMessagesToTheTicketAndTellsTheUserOnce()
    {
        var (business, session, escalated) = await HandedOffAsync("u-handoff");
        var callsAfterEscalation = fixture.Model.CallsFor(business);
        var first = await session.Handle(Message("orada mısınız?"));
        var second = await session.Handle(Message("hala bekliyorum"));

        Assert.Equal(ReplyTexts.HandoffPending, first.Reply);
        Assert.Equal("", second.Reply);
        Assert.True(first.Escalated && second.Escalated);
        Assert.Equal(escalated.TicketId, first.TicketId);
        Assert.Equal(callsAfterEscalation, fixture.Model.CallsFor(business));
        var ticket = await Client.GetTicket(escalated.TicketId!).Get();
        Assert.Equal(["orada mısınız?", "hala bekliyorum"], ticket!.Conversation.TakeLast(2).Select(m => m.Text));
        Assert.Equal(EscalationReason.HumanRequested, ticket.Reason);
    }

    [Fact]
    public async Task AWaitingUsersLaterMessagesAreSavedWithTheTicketsNextChangeNotEachOnItsOwn()
    {
        var (_, session, escalated) = await HandedOffAsync("u-deferred");
        var ticket = Client.GetTicket(escalated.TicketId!);
        await session.Handle(Message("orada mısınız?"));
        var savedAfterNotice = (await fixture.Tickets.LoadAsync(escalated.TicketId!, default))!;

        await session.Handle(Message("hala bekliyorum"));
        await session.Handle(Message("acil lütfen"));
        var storedMeanwhile = (await fixture.Tickets.LoadAsync(escalated.TicketId!, default))!;
        var seenByAgents = (await ticket.Get())!;
        await ticket.Assign("ayse");
        var storedAfterClaim = (await fixture.Tickets.LoadAsync(escalated.TicketId!, default))!;

        Assert.True(savedAfterNotice.WaitNoticeSent);
        Assert.Equal(savedAfterNotice, storedMeanwhile);
        Assert.Equal(["orada mısınız?", "hala bekliyorum", "acil lütfen"], seenByAgents.Conversation.TakeLast(3).Select(m => m.Text));
        Assert.Equal(savedAfterNotice.Version + 2, seenByAgents.Version);
        Assert.Equal(["hala bekliyorum", "acil lütfen", "ayse took over the conversation."], storedAfterClaim.Conversation.TakeLast(3).Select(m => m.Text));
    }

    [Fact]
    public async Task ADeactivatedTicketSavesItsWaitingUsersMessages()
    {
        var (_, session, escalated) = await HandedOffAsync("u-deferred-deactivated");
        await session.Handle(Message("orada mısınız?"));
        await session.Handle(Message("hala bekliyorum"));

        await fixture.Cluster.DeactivateAsync(Client.GetTicket(escalated.TicketId!));
        var stored = (await fixture.Tickets.LoadAsync(escalated.TicketId!, default))!;

        Assert.Equal(["orada mısınız?", "hala bekliyorum"], stored.Conversation.TakeLast(2).Select(m => m.Text));
    }

    [Fact]
    public async Task ATicketWhoseActivationEndedUnsavedTakesItsUsersMessagesBackFromTheInteractionsOnce()
    {
        var (_, session, escalated) = await HandedOffAsync("u-deferred-lost");
        await session.Handle(Message("orada mısınız?"));
        var savedAfterNotice = (await fixture.Tickets.LoadAsync(escalated.TicketId!, default))!;
        fixture.Time.Advance(TimeSpan.FromSeconds(1));
        await session.Handle(Message("hala bekliyorum"));
        fixture.Time.Advance(TimeSpan.FromSeconds(1));
        await session.Handle(Message("acil lütfen"));
        var ticket = Client.GetTicket(escalated.TicketId!);
        var before = (await ticket.Get())!;

        // As if the silo had stopped before the deactivation could save: the store holds the ticket without them.
        await fixture.Cluster.DeactivateAsync(ticket);
        var flushed = (await fixture.Tickets.LoadAsync(escalated.TicketId!, default))!;
        Assert.True(await fixture.Tickets.SaveAsync(savedAfterNotice with { Version = flushed.Version + 1 }, flushed.Version, [], default));
        var recovered = (await ticket.Get())!;

        Assert.Equal(before.Conversation.Select(m => (m.Author, m.Text)), recovered.Conversation.Select(m => (m.Author, m.Text)));
        Assert.Equal(["orada mısınız?", "hala bekliyorum", "acil lütfen"], recovered.Conversation.TakeLast(3).Select(m => m.Text));
        Assert.Equal(flushed.Version + 3, recovered.Version);
        Assert.True(recovered.WaitNoticeSent);
    }

    [Fact]
    public async Task AfterDeactivationAHandedOffSessionStillKnowsItsTicketThatTheUserWasToldAndHowOftenItEscalated()
    {
        var (_, session, escalated) = await HandedOffAsync("u-handoff-restart");
        var told = await session.Handle(Message("orada mısınız?"));

        await fixture.Cluster.DeactivateAsync(session);
        var afterRestart = await session.Handle(Message("hala bekliyorum"));
        var snapshot = await session.GetSnapshot();

        Assert.Equal(ReplyTexts.HandoffPending, told.Reply);
        Assert.Equal("", afterRestart.Reply);
        Assert.Equal(escalated.TicketId, afterRestart.TicketId);
        Assert.Equal(HandoffState.AwaitingHuman, snapshot.Handoff);
        Assert.Equal(escalated.TicketId, snapshot.TicketId);
        Assert.Equal(1, snapshot.Escalations);
    }

    [Fact]
    public async Task AReopenedTicketTakesTheConversationBackAndTellsTheUserToWaitAgain()
    {
        var (_, session, escalated) = await HandedOffAsync("u-reopened");
        await session.Handle(Message("orada mısınız?"));
        var ticket = Client.GetTicket(escalated.TicketId!);

        await ticket.Resolve("ayse", null);
        await WaitForHandoffAsync(session, HandoffState.Bot);
        await ticket.Reopen("ayse", "geri döndü");
        await WaitForHandoffAsync(session, HandoffState.AwaitingHuman);
        await fixture.Cluster.DeactivateAsync(session);
        var first = await session.Handle(Message("tekrar merhaba"));
        var second = await session.Handle(Message("kimse yok mu?"));

        Assert.Equal(ReplyTexts.HandoffPending, first.Reply);
        Assert.Equal(escalated.TicketId, first.TicketId);
        Assert.Equal("", second.Reply);
    }

    [Fact]
    public async Task ARetriedEscalatingDeliveryOpensNoSecondTicket()
    {
        fixture.Model.Script("rezalet bir hizmet, şikayetçiyim", ScriptedIntentModel.Output("complaint", 0.9));
        var business = await fixture.CreateBusinessAsync(("p1", "Saten Gecelik", 349.9m, 5));
        var session = Client.GetSession(business, "whatsapp", "u-retry");

        var first = await session.Handle(Message("rezalet bir hizmet, şikayetçiyim", "wamid.77"));
        var retried = await session.Handle(Message("rezalet bir hizmet, şikayetçiyim", "wamid.77"));

        Assert.Equal(first.TicketId, retried.TicketId);
        Assert.True(retried.Duplicate);
        Assert.Equal(1, (await session.GetSnapshot()).Escalations);
        Assert.Equal(TicketPriority.High, (await Client.GetTicket(first.TicketId!).Get())!.Priority);
    }

    [Fact]
    public async Task OpeningAnExistingTicketOnAFreshActivationKeepsTheStoredTicket()
    {
        var (_, session, escalated) = await HandedOffAsync("u-open-again");
        var ticket = Client.GetTicket(escalated.TicketId!);
        var stored = (await ticket.Get())!;
        await fixture.Cluster.DeactivateAsync(ticket);

        var again = await ticket.Open(new TicketOpening(
            stored.BusinessId, stored.Platform, stored.UserId, stored.SessionId, EscalationReason.Complaint, TicketPriority.Low,
            "another detail", "başka bir mesaj", [], fixture.Time.GetUtcNow()));

        Assert.Equal(Comparable(stored), Comparable(again));
        Assert.Equal(Comparable(stored), Comparable((await fixture.Tickets.LoadAsync(escalated.TicketId!, default))!));
        Assert.Equal(Comparable(stored), Comparable((await ticket.Get())!));

        // Records compare an ImmutableArray by reference: compare the conversation by its messages.
        static (TicketSnapshot, string) Comparable(TicketSnapshot ticket) =>
            (ticket with { Conversation = [] }, string.Join("|", ticket.Conversation.Select(m => $"{m.Author}:{m.Text}:{m.At:O}")));
    }

    /// <summary>A web user of a new shop who asked for a person: the session and the answer that opened the ticket.</summary>
    private async Task<(string Business, ISessionGrain Session, MessageOutcome Escalated)> HandedOffAsync(string userId)
    {
        fixture.Model.Script("bir insanla görüşmek istiyorum", ScriptedIntentModel.Output("human_handoff", 0.97));
        var business = await fixture.CreateBusinessAsync(("p1", "Saten Gecelik", 349.9m, 5));
        var session = Client.GetSession(business, "web", userId);
        return (business, session, await session.Handle(Message("bir insanla görüşmek istiyorum")));
    }

    /// <summary>The ticket tells its session one-way; the session sees the change a moment later.</summary>
    private static async Task WaitForHandoffAsync(ISessionGrain session, HandoffState expected)
    {
        for (var attempt = 0; attempt < 100 && (await session.GetSnapshot()).Handoff != expected; attempt++)
        {
            await Task.Delay(20);
        }

        Assert.Equal(expected, (await session.GetSnapshot()).Handoff);
    }

    private IncomingMessage Message(string text, string? messageId = null) =>
        new(text, messageId, null, fixture.Time.GetUtcNow());
}
