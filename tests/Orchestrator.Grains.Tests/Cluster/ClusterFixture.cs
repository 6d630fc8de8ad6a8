using System.Collections.Immutable;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orchestrator.GrainInterfaces;
using Orchestrator.Grains.Businesses;
using Orchestrator.Grains.Escalations;
using Orchestrator.Grains.Integrations;
using Orchestrator.Grains.Sessions;
using Orchestrator.Grains.Tests.Fakes;
using Orchestrator.Grains.Understanding;
using Orchestrator.Silo.Hosting;
using Orleans.TestingHost;

namespace Orchestrator.Grains.Tests.Cluster;

/// <summary>
/// An in-process cluster of two silos running the real grains and services, with the stores shared between the
/// silos (as one database would be), a scripted model, and a fake clock for the grains (Orleans' own maintenance
/// keeps real time).
/// </summary>
public class ClusterFixture : IAsyncLifetime
{
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));

    public ScriptedIntentModel Model { get; } = new();

    public InMemoryBusinessStore Businesses { get; } = new();

    public InMemoryInteractionStore Interactions { get; } = new();

    public InMemoryIntegrationStore Integrations { get; } = new();

    public InMemoryTicketStore Tickets { get; } = new();

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    protected virtual short Silos => 2;

    /// <summary>Settings the silos start with (section:key → value).</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>();

    public virtual async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(Silos);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSiloHost((_, host) =>
        {
            // Limits off unless a fixture sets them: the tests send bursts on purpose. Platform replies queued by a
            // test go to a closed loopback port, never to Meta or Telegram.
            host.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["RateLimits:UserMessagesPerMinute"] = "0",
                ["RateLimits:TenantMessagesPerSecond"] = "0",
                ["Channels:WhatsApp:GraphBaseUrl"] = "http://127.0.0.1:9/",
                ["Channels:Telegram:ApiBaseUrl"] = "http://127.0.0.1:9/",
            });
            host.Configuration.AddInMemoryCollection(Settings);
            host.Services.AddOrchestratorDomain();
            host.Services.AddSingleton<TimeProvider>(Time);
            host.Services.UseTimeProviderForBackgroundAreas(TimeProvider.System);
            host.Services.AddSingleton<IIntentModel>(Model);
            host.Services.AddSingleton<IBusinessStore>(Businesses);
            host.Services.AddSingleton<IInteractionStore>(Interactions);
            host.Services.AddSingleton<IIntegrationStore>(Integrations);
            host.Services.AddSingleton<ITicketStore>(Tickets);
            host.Services.AddSingleton<INotificationOutbox>(Tickets);
        });
        builder.ConfigureSilo((_, silo) => silo
            .AddMemoryGrainStorage(StorageNames.ApiKeys)
            .AddMemoryGrainStorage(StorageNames.Budgets));
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public virtual async Task DisposeAsync() => await Cluster.DisposeAsync();

    /// <summary>Creates a tenant with a fresh id and the given catalogue.</summary>
    public async Task<string> CreateBusinessAsync(params (string Id, string Name, decimal Price, int Stock)[] products)
    {
        var id = "biz-" + Guid.NewGuid().ToString("N")[..12];
        var meta = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, new Dictionary<string, string>
        {
            ["iade"] = "İade 14 gün içinde yapılabilir.",
            ["kargo"] = "Kargo 2 iş gününde.",
        });
        var result = await Client.GetBusiness(id).Create(new NewBusiness(
            "Test Butik", "Merhaba, hoş geldiniz!", meta, [.. products.Select(p => new NewProduct(p.Id, p.Name, p.Price, p.Stock))]));
        Assert.Equal(AdminStatus.Created, result.Status);
        return id;
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
