using Orchestrator.Grains.Escalations;

namespace Orchestrator.Grains.Tests.Escalations;

public sealed class TicketIdsTests
{
    [Fact]
    public void TheSameDeliveryAlwaysGetsTheSameTicketId() =>
        Assert.Equal(TicketIds.For("b1/whatsapp/u1", "wamid.1"), TicketIds.For("b1/whatsapp/u1", "wamid.1"));

    [Fact]
    public void DifferentDeliveriesGetDifferentTicketIds()
    {
        Assert.NotEqual(TicketIds.For("b1/whatsapp/u1", "wamid.1"), TicketIds.For("b1/whatsapp/u1", "wamid.2"));
        Assert.NotEqual(TicketIds.For("b1/whatsapp/u1", "wamid.1"), TicketIds.For("b1/whatsapp/u2", "wamid.1"));
    }

    [Fact]
    public void MessagesWithoutAPlatformIdGetRandomTicketIds() =>
        Assert.Equal(100, Enumerable.Range(0, 100).Select(_ => TicketIds.For("b1/web/u1", null)).Distinct().Count());

    [Fact]
    public void TicketIdsAreHumanReadable()
    {
        var id = TicketIds.For("b1/web/u1", "m1");

        Assert.Matches("^TKT-[0-9A-HJKMNP-TV-Z]{10}$", id);
        Assert.True(TicketIds.IsWellFormed(id));
        Assert.False(TicketIds.IsWellFormed("TKT-ILOU000000"));
        Assert.False(TicketIds.IsWellFormed("tkt-0000000000"));
    }
}
