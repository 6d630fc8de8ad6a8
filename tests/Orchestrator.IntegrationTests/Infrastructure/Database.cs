using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Orchestrator.Silo.Persistence;

namespace Orchestrator.IntegrationTests.Infrastructure;

/// <summary>A fresh database on the shared server, migrated, with a data source for the stores.</summary>
public sealed class Database : IAsyncDisposable
{
    private Database(string url, NpgsqlDataSource dataSource)
    {
        Url = url;
        DataSource = dataSource;
    }

    public string Url { get; }

    public NpgsqlDataSource DataSource { get; }

    public static async Task<Database> CreateAsync(PostgresServer server, bool migrate = true)
    {
        var url = await server.CreateDatabaseAsync();
        var database = new Database(url, NpgsqlDataSource.Create(ConnectionSettings.Postgres(url).ConnectionString));
        if (migrate)
        {
            await database.Migrator().MigrateAsync(CancellationToken.None);
        }

        return database;
    }

    public DatabaseMigrator Migrator() => new(DataSource, NullLogger<DatabaseMigrator>.Instance);

    /// <summary>A group-commit writer for the stores, with the silo's default settings.</summary>
    public PostgresWriter Writer(GroupCommitOptions? options = null) => new(DataSource, options ?? new GroupCommitOptions(), NullLogger<PostgresWriter>.Instance);

    public async Task<long> ScalarAsync(string sql, params object[] values)
    {
        await using var command = DataSource.CreateCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The plan PostgreSQL chooses for a query when a table scan is not an option (test tables are tiny).</summary>
    public async Task<string> PlanAsync(string sql)
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        await using (var off = new NpgsqlCommand("SET enable_seqscan = off", connection))
        {
            await off.ExecuteNonQueryAsync();
        }

        await using var explain = new NpgsqlCommand("EXPLAIN " + sql, connection);
        await using var reader = await explain.ExecuteReaderAsync();
        var lines = new List<string>();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(0));
        }

        return string.Join('\n', lines);
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}
