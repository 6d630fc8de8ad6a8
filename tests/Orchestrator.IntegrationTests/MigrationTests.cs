using Orchestrator.IntegrationTests.Infrastructure;
using Orchestrator.Silo.Persistence;

namespace Orchestrator.IntegrationTests;

[Collection(ServersCollection.Name)]
public sealed class MigrationTests(Servers servers)
{
    [Fact]
    public async Task AppliesEveryMigrationToAnEmptyDatabase()
    {
        await using var database = await Database.CreateAsync(servers.Postgres, migrate: false);

        var applied = await database.Migrator().MigrateAsync(CancellationToken.None);

        Assert.Equal(DatabaseMigrator.Embedded.Count, applied);
        Assert.True(DatabaseMigrator.Embedded.Count >= 2);
        foreach (var table in new[] { "businesses", "products", "interactions", "orleansquery", "orleans_storage" })
        {
            Assert.Equal(1, await database.ScalarAsync("SELECT count(*) FROM information_schema.tables WHERE table_name = $1", table));
        }

        Assert.Equal(4, await database.ScalarAsync("SELECT count(*) FROM OrleansQuery"));
    }

    [Fact]
    public async Task TicketConversationsAreCompressedWithLz4()
    {
        await using var database = await Database.CreateAsync(servers.Postgres);

        // The test servers are Debian's PostgreSQL 15, built with lz4 ('l'; a server without it keeps pglz: '').
        Assert.Equal(1, await database.ScalarAsync(
            "SELECT count(*) FROM pg_attribute WHERE attrelid = 'escalation_tickets'::regclass AND attname = $1 AND attcompression = 'l'",
            "conversation_history"));
    }

    [Fact]
    public async Task ReapplyingIsANoOp()
    {
        await using var database = await Database.CreateAsync(servers.Postgres);

        Assert.Equal(0, await database.Migrator().MigrateAsync(CancellationToken.None));
        Assert.Equal(DatabaseMigrator.Embedded.Count, await database.ScalarAsync("SELECT count(*) FROM schema_migrations"));
    }

    [Fact]
    public async Task SilosStartingTogetherApplyEachMigrationOnce()
    {
        await using var database = await Database.CreateAsync(servers.Postgres, migrate: false);
        var others = Enumerable.Range(0, 3).Select(_ => new Database2(database.Url)).ToList();

        var applied = await Task.WhenAll(others.Select(o => o.Migrator.MigrateAsync(CancellationToken.None)).Append(database.Migrator().MigrateAsync(CancellationToken.None)));

        Assert.Equal(DatabaseMigrator.Embedded.Count, applied.Sum());
        Assert.Equal(DatabaseMigrator.Embedded.Count, await database.ScalarAsync("SELECT count(*) FROM schema_migrations"));
        foreach (var other in others)
        {
            await other.DisposeAsync();
        }
    }

    [Fact]
    public async Task RefusesToStartWhenAnAppliedMigrationWasChanged()
    {
        await using var database = await Database.CreateAsync(servers.Postgres);
        var first = DatabaseMigrator.Embedded[0];
        var edited = new[] { first with { Sql = first.Sql + "\n-- edited" } }.Concat(DatabaseMigrator.Embedded.Skip(1)).ToList();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => database.Migrator().MigrateAsync(edited, CancellationToken.None));

        Assert.Contains("has changed since it was applied", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A second, independent data source on the same database, as another silo would have.</summary>
    private sealed class Database2(string url) : IAsyncDisposable
    {
        private readonly Npgsql.NpgsqlDataSource _dataSource = Npgsql.NpgsqlDataSource.Create(ConnectionSettings.Postgres(url).ConnectionString);

        public DatabaseMigrator Migrator => new(_dataSource, Microsoft.Extensions.Logging.Abstractions.NullLogger<DatabaseMigrator>.Instance);

        public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
    }
}
