using System.Collections.Immutable;
using Orchestrator.GrainInterfaces;
using Orchestrator.Grains.Integrations;
using Orchestrator.Grains.Tests.Fakes;

namespace Orchestrator.Grains.Tests.Cluster;

/// <summary>An agent's reply is queued for the user only when their platform can be written to for that shop.</summary>
[Collection(ClusterCollection.Name)]
public sealed class UserNotificationTests(ClusterFixture fixture)
{
    [Theory]
    [InlineData("web", false, 0)]
    [InlineData("whatsapp", false, 0)]
    [InlineData("whatsapp", true, 2)]
    public async Task AnAgentsReplyAndTheEndOfTheHandoffAreQueuedOnlyForAUserTheShopCanWriteTo(string platform, bool integrated, int queued)
    {
        fixture.Model.Script("bir insanla görüşmek istiyorum", ScriptedIntentModel.Output("human_handoff", 0.97));
        var business = await fixture.CreateBusinessAsync(("p1", "Saten Gecelik", 349.9m, 5));
        if (integrated)
        {
            await fixture.Integrations.SaveAsync(new IntegrationSettings(
                business, IntegrationKinds.WhatsApp,
                ImmutableSortedDictionary<string, string>.Empty.Add(IntegrationKinds.PhoneNumberId, "1000" + business),
                ImmutableSortedDictionary<string, string>.Empty.Add("access_token", "token"), fixture.Time.GetUtcNow()), default);
        }

        var escalated = await fixture.Client.GetSession(business, platform, "905551112233")
            .Handle(new IncomingMessage("bir insanla görüşmek istiyorum", null, null, fixture.Time.GetUtcNow()));
        var ticket = fixture.Client.GetTicket(escalated.TicketId!);
        var before = await fixture.Tickets.StatisticsAsync(business, default);

        Assert.Equal(TicketCommandStatus.Ok, (await ticket.Reply("ayse", "Merhaba, ben Ayşe.")).Status);
        Assert.Equal(TicketCommandStatus.Ok, (await ticket.Resolve("ayse", null)).Status);
        var after = await fixture.Tickets.StatisticsAsync(business, default);

        Assert.Equal(queued, Total(after) - Total(before));
        Assert.Equal(0, after.Skipped);
    }

    private static long Total(Orchestrator.Grains.Escalations.Notifications.NotificationStatistics s) => s.Pending + s.Delivered + s.Failed + s.Skipped;
}
