using System.Diagnostics;
using Orchestrator.GrainInterfaces;
using Orchestrator.IntegrationTests.Infrastructure;
using Orchestrator.Silo.Persistence;

namespace Orchestrator.IntegrationTests;

/// <summary>PostgreSQL going away and coming back. Always on a server of its own, since the test stops it.</summary>
public sealed class OutageTests : IAsyncLifetime
{
    private PostgresServer _server = null!;
    private Database _database = null!;

    public async Task InitializeAsync()
    {
        _server = await PostgresServer.StartAsync(ownServer: true);
        _database = await Database.CreateAsync(_server);
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task StoresFailFastWhileTheDatabaseIsDownAndRecoverWhenItReturns()
    {
        await using var writer = _database.Writer();
        var interactions = new PostgresInteractionStore(_database.DataSource, writer);
        var businesses = new PostgresBusinessStore(_database.DataSource);
        Assert.True((await interactions.RecordAsync(InteractionStoreTests.Record("b1", "u1", "m0", DateTimeOffset.UtcNow), default)).Inserted);

        await _server.StopAsync();
        var clock = Stopwatch.StartNew();
        var record = await Assert.ThrowsAsync<DependencyUnavailableException>(
            async () => await interactions.RecordAsync(InteractionStoreTests.Record("b1", "u1", "m1", DateTimeOffset.UtcNow), default));
        var load = await Assert.ThrowsAsync<DependencyUnavailableException>(() => businesses.LoadAsync("b1", default));
        var failedWithin = clock.Elapsed;

        await _server.StartServerAsync();
        var recovered = await EventuallyAsync(async () => (await interactions.RecordAsync(InteractionStoreTests.Record("b1", "u1", "m2", DateTimeOffset.UtcNow), default)).Inserted);

        Assert.Equal("postgres", record.Dependency);
        Assert.Equal("postgres", load.Dependency);
        Assert.True(failedWithin < TimeSpan.FromSeconds(10), $"failing took {failedWithin}");
        Assert.True(recovered);
        Assert.Equal(2, await _database.ScalarAsync("SELECT count(*) FROM interactions"));
    }

    /// <summary>The first call after the restart may meet a connection that died with the old server.</summary>
    private static async Task<bool> EventuallyAsync(Func<Task<bool>> attempt)
    {
        for (var i = 0; ; i++)
        {
            try
            {
                return await attempt();
            }
            catch (DependencyUnavailableException) when (i < 5)
            {
                await Task.Delay(200);
            }
        }
    }
}
