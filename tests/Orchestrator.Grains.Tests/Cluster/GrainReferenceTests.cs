using Orchestrator.GrainInterfaces;

namespace Orchestrator.Grains.Tests.Cluster;

/// <summary>
/// The typed lookups resolve a grain interface's types once per factory and build later references from the grain
/// id; these tests hold every such reference to the one Orleans' own <c>GetGrain</c> returns.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class GrainReferenceTests(ClusterFixture fixture)
{
    private IClusterClient Client => fixture.Client;

    [Fact]
    public void TypedLookupsReturnTheReferencesOrleansBuildsForTheSameKeysOnEveryCall()
    {
        for (var i = 0; i < 3; i++)
        {
            // The first round resolves the types, the later ones use what was resolved; keys differ every time.
            var key = $"shop-{i}";
            AssertSame(Client.GetGrain<IBusinessGrain>(key), Client.GetBusiness(key));
            AssertSame(Client.GetGrain<ITenantApiKeysGrain>(key), Client.GetApiKeys(key));
            AssertSame(Client.GetGrain<IEscalationTicketGrain>($"TKT-{i}"), Client.GetTicket($"TKT-{i}"));
            AssertSame(Client.GetGrain<ISessionGrain>(GrainKeys.Session(key, "web", $"user {i}/ü")), Client.GetSession(key, "web", $"user {i}/ü"));
            AssertSame(Client.GetGrain<ITenantDirectoryGrain>(0), Client.GetTenantDirectory());
            AssertSame(Client.GetGrain<ITicketDirectoryGrain>(0), Client.GetTicketDirectory());
            AssertSame(Client.GetGrain<IChannelInboxGrain>(0), Client.GetChannelInbox());
        }

        Assert.NotEqual(Client.GetBusiness("shop-1").GetGrainId(), Client.GetBusiness("shop-2").GetGrainId());
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public void RefusesABlankKeyAsOrleansDoesBeforeAndAfterTheTypesAreResolved(string key)
    {
        _ = Client.GetBusiness("resolves-the-types");

        Assert.ThrowsAny<ArgumentException>(() => Client.GetGrain<IBusinessGrain>(key));
        Assert.ThrowsAny<ArgumentException>(() => Client.GetBusiness(key));
        Assert.ThrowsAny<ArgumentException>(() => Client.GetTicket(key));
    }

    [Fact]
    public async Task AReferenceBuiltFromTheResolvedTypesReachesTheGrain()
    {
        var business = await fixture.CreateBusinessAsync(("p1", "Saten Gecelik", 349.9m, 5));
        _ = Client.GetBusiness("another-shop");

        var snapshot = await Client.GetBusiness(business).Get();

        Assert.NotNull(snapshot);
        Assert.Equal(business, snapshot.Profile.Id);
    }

    private static void AssertSame<T>(T expected, T actual)
        where T : IAddressable
    {
        Assert.Equal(expected.GetGrainId(), actual.GetGrainId());
        Assert.Equal(((GrainReference)(object)expected).InterfaceType, ((GrainReference)(object)actual).InterfaceType);
        Assert.Equal((object)expected, actual);
        Assert.IsAssignableFrom<T>(actual);
    }
}
