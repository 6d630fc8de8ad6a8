using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Orchestrator.Silo.Persistence;

/// <summary>A forward-only schema migration: an embedded <c>NNNN_name.sql</c> file.</summary>
public sealed record Migration(int Version, string Name, string Sql)
{
    /// <summary>SHA-256 of the script with line endings normalised, so a checkout on Windows does not look edited.</summary>
    public string Checksum => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Sql.ReplaceLineEndings("\n"))));
}

/// <summary>
/// Applies the embedded migrations in order, each in its own transaction, recording them in
/// <c>schema_migrations</c>. A session-level advisory lock makes silos that start together take turns, so each
/// migration is applied once. A migration changed after it was applied stops start-up.
/// </summary>
public sealed partial class DatabaseMigrator(NpgsqlDataSource dataSource, ILogger<DatabaseMigrator> logger)
{
    /// <summary>The advisory lock id: any constant shared by every silo of this application.</summary>
    private const long LockId = 0x6F72636865737472; // "orchestr"

    private const string ResourcePrefix = "Orchestrator.Silo.Migrations.";

    /// <summary>The migrations built into this silo, in version order.</summary>
    public static IReadOnlyList<Migration> Embedded { get; } = Load(typeof(DatabaseMigrator).Assembly);

    /// <summary>Applies what is missing; returns how many migrations were applied.</summary>
    public Task<int> MigrateAsync(CancellationToken cancellationToken) => MigrateAsync(Embedded, cancellationToken);

    public async Task<int> MigrateAsync(IReadOnlyList<Migration> migrations, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, "SELECT pg_advisory_lock(@id)", cancellationToken, ("id", LockId));
        try
        {
            await ExecuteAsync(connection, """
                CREATE TABLE IF NOT EXISTS schema_migrations
                (
                    version    integer     NOT NULL PRIMARY KEY,
                    name       text        NOT NULL,
                    checksum   text        NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )
                """, cancellationToken);

            var applied = new Dictionary<int, (string Name, string Checksum)>();
            await using (var command = new NpgsqlCommand("SELECT version, name, checksum FROM schema_migrations", connection))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    applied[reader.GetInt32(0)] = (reader.GetString(1), reader.GetString(2));
                }
            }

            var count = 0;
            foreach (var migration in migrations)
            {
                if (applied.TryGetValue(migration.Version, out var existing))
                {
                    if (existing.Checksum != migration.Checksum)
                    {
                        throw new InvalidOperationException(
                            $"Migration {migration.Version:D4} ({migration.Name}) has changed since it was applied on this database. " +
                            "Applied migrations are never edited: add a new migration instead.");
                    }

                    continue;
                }

                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await using (var script = new NpgsqlCommand(migration.Sql, connection, transaction) { CommandTimeout = 0 })
                {
                    await script.ExecuteNonQueryAsync(cancellationToken);
                }

                await using (var record = new NpgsqlCommand(
                    "INSERT INTO schema_migrations (version, name, checksum) VALUES (@version, @name, @checksum)", connection, transaction))
                {
                    record.Parameters.AddWithValue("version", migration.Version);
                    record.Parameters.AddWithValue("name", migration.Name);
                    record.Parameters.AddWithValue("checksum", migration.Checksum);
                    await record.ExecuteNonQueryAsync(cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
                LogApplied(logger, migration.Version, migration.Name);
                count++;
            }

            return count;
        }
        finally
        {
            await ExecuteAsync(connection, "SELECT pg_advisory_unlock(@id)", CancellationToken.None, ("id", LockId));
        }
    }

    internal static IReadOnlyList<Migration> Load(Assembly assembly)
    {
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            var file = resource[ResourcePrefix.Length..];
            var underscore = file.IndexOf('_');
            if (underscore != 4 || !int.TryParse(file.AsSpan(0, 4), out var version) || !file.EndsWith(".sql", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"Migration file '{file}' must be named NNNN_name.sql.");
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var text = new StreamReader(stream, Encoding.UTF8);
            migrations.Add(new Migration(version, file[5..^4], text.ReadToEnd()));
        }

        var ordered = migrations.OrderBy(m => m.Version).ToList();
        for (var i = 1; i < ordered.Count; i++)
        {
            if (ordered[i].Version == ordered[i - 1].Version)
            {
                throw new InvalidOperationException($"Two migrations have version {ordered[i].Version:D4}.");
            }
        }

        return ordered;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied database migration {Version} ({Name})")]
    private static partial void LogApplied(ILogger logger, int version, string name);
}
