using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.GrainInterfaces;
using Orchestrator.Grains;
using Orchestrator.Grains.Security;
using Orchestrator.Grains.Understanding;
using Orchestrator.Grains.Understanding.LocalModel;
using Orchestrator.IntegrationTests.Infrastructure;
using Orchestrator.Silo.Hosting;
using Orchestrator.Silo.Persistence;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Orchestrator.IntegrationTests;

/// <summary>Orleans grain state through the ADO.NET provider and our own PostgreSQL scripts.</summary>
[Collection(ServersCollection.Name)]
public sealed class GrainStorageTests(Servers servers) : IAsyncLifetime
{
    private Database _database = null!;
    private InProcessTestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _database = await Database.CreateAsync(servers.Postgres);
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSiloHost((_, host) =>
        {
            host.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning" });
            host.Services.AddOrchestratorDomain();
            host.Services.AddSingleton<IIntentModel>(_ => new LocalIntentModel());
            host.Services.AddOrchestratorPostgres(_database.Url);
        });
        builder.ConfigureSilo((_, silo) => silo.AddOrchestratorPostgresGrainStorage());
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task WritesReadsAndVersionsGrainState()
    {
        var storage = Storage();
        var id = GrainId.Create("apikeys", "b1");
        var state = new GrainState<ApiKeysState>(new ApiKeysState { Keys = [new StoredApiKey { KeyId = "k1", Name = "desk", Hash = [1, 2, 3] }] });

        await storage.WriteStateAsync("apikeys", id, state);
        var firstVersion = state.ETag;
        state.State!.WebhookSecretHash = [9, 8, 7];
        await storage.WriteStateAsync("apikeys", id, state);
        var read = new GrainState<ApiKeysState>(new ApiKeysState());
        await storage.ReadStateAsync("apikeys", id, read);

        Assert.Equal("1", firstVersion);
        Assert.Equal("2", read.ETag);
        Assert.True(read.RecordExists);
        Assert.Equal("desk", Assert.Single(read.State!.Keys).Name);
        Assert.Equal([1, 2, 3], read.State.Keys[0].Hash);
        Assert.Equal([9, 8, 7], read.State.WebhookSecretHash);
    }

    [Fact]
    public async Task RejectsAWriteWithAStaleVersion()
    {
        var storage = Storage();
        var id = GrainId.Create("apikeys", "b-stale");
        var current = new GrainState<ApiKeysState>(new ApiKeysState());
        await storage.WriteStateAsync("apikeys", id, current);
        var stale = new GrainState<ApiKeysState>(new ApiKeysState()) { ETag = current.ETag, RecordExists = true };
        await storage.WriteStateAsync("apikeys", id, current);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("apikeys", id, stale));
        var fresh = new GrainState<ApiKeysState>(new ApiKeysState());
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("apikeys", id, fresh));
    }

    [Fact]
    public async Task ReadsNothingForAGrainNeverWrittenAndClearsState()
    {
        var storage = Storage();
        var id = GrainId.Create("apikeys", "b-never-written");
        var state = new GrainState<ApiKeysState>(new ApiKeysState());

        await storage.ReadStateAsync("apikeys", id, state);
        Assert.False(state.RecordExists);

        await storage.WriteStateAsync("apikeys", id, state);
        await storage.ClearStateAsync("apikeys", id, state);
        var read = new GrainState<ApiKeysState>(new ApiKeysState());
        await storage.ReadStateAsync("apikeys", id, read);
        Assert.False(read.RecordExists);
    }

    [Fact]
    public async Task AHandedOffSessionIsStillHandedOffAfterDeactivation()
    {
        var business = "shop-" + Guid.NewGuid().ToString("N")[..8];
        await _cluster.Client.GetBusiness(business).Create(new NewBusiness("Test", null, System.Collections.Immutable.ImmutableSortedDictionary<string, string>.Empty, []));
        var session = _cluster.Client.GetSession(business, "web", "u1");

        var outcome = await session.Handle(new IncomingMessage("bir müşteri temsilcisiyle görüşmek istiyorum", "m1", null, DateTimeOffset.UtcNow));
        await _cluster.DeactivateAsync(session);
        var snapshot = await session.GetSnapshot();
        var ticket = await _cluster.Client.GetTicket(outcome.TicketId!).Get();

        Assert.True(outcome.Escalated);
        Assert.Equal(HandoffState.AwaitingHuman, snapshot.Handoff);
        Assert.Equal(outcome.TicketId, snapshot.TicketId);
        Assert.Equal(outcome.SessionId, snapshot.SessionId);
        Assert.Equal(business, ticket!.BusinessId);
        Assert.Equal(1, await _database.ScalarAsync("SELECT count(*) FROM escalation_tickets WHERE ticket_id = $1", outcome.TicketId!));
    }

    private IGrainStorage Storage() => _cluster.GetSiloServiceProvider().GetRequiredKeyedService<IGrainStorage>(StorageNames.ApiKeys);
}
