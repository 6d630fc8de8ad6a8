using Npgsql;

namespace Orchestrator.IntegrationTests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL 15 server in a temporary folder on a free loopback port, removed on dispose. When the
/// tests run as root it runs as the unprivileged <c>postgres</c> user (PostgreSQL refuses root). With
/// <c>DATABASE_URL</c> set (unless the caller asks for its own server) an existing server is used instead.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private const string Folder = "/usr/lib/postgresql/15/bin";
    private const string Hint = "Install PostgreSQL 15 server binaries (apt-get install -y postgresql-15).";
    private readonly string? _directory;
    private readonly string? _user;
    private readonly NpgsqlConnectionStringBuilder _admin;
    private readonly bool _durable;

    private PostgresServer(NpgsqlConnectionStringBuilder admin, string? directory, string? user, bool durable = false)
    {
        _durable = durable;
        _admin = admin;
        _directory = directory;
        _user = user;
    }

    public bool Managed => _directory is not null;

    public int Port => _admin.Port;

    /// <param name="durable">Flush commits to disk (fsync on), as production does: for benchmarks. Tests run without.</param>
    public static async Task<PostgresServer> StartAsync(bool ownServer = false, bool durable = false)
    {
        if (!ownServer && Environment.GetEnvironmentVariable("DATABASE_URL") is { Length: > 0 } url)
        {
            var existing = Silo.Persistence.ConnectionSettings.Postgres(url);
            existing.Database = "postgres";
            return new PostgresServer(existing, null, null);
        }

        var directory = Directory.CreateTempSubdirectory("orchestrator-pg-").FullName;
        var user = Tools.IsRoot ? "postgres" : null;
        if (user is not null)
        {
            await Tools.RunAsync("chown", [user, directory]);
        }

        var port = Tools.FreePort();
        await Tools.RunAsync(Tools.Find("initdb", Hint, Folder),
            ["-D", Path.Combine(directory, "data"), "-U", "orchestrator", "--auth=trust", "-E", "UTF8", "--no-sync"], user);
        var server = new PostgresServer(
            new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = port, Username = "orchestrator", Database = "postgres", Pooling = false },
            directory,
            user,
            durable);
        await server.StartServerAsync();
        return server;
    }

    /// <summary>A connection URL for a new, empty database on this server.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "t_" + Guid.NewGuid().ToString("N")[..16];
        await using var connection = new NpgsqlConnection(_admin.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        var builder = new NpgsqlConnectionStringBuilder(_admin.ConnectionString) { Database = name, Pooling = true };
        return $"postgresql://{Uri.EscapeDataString(builder.Username!)}{(builder.Password is { Length: > 0 } p ? ":" + Uri.EscapeDataString(p) : "")}@{builder.Host}:{builder.Port}/{name}";
    }

    /// <summary>Stops the server abruptly (an outage); only for servers this fixture started.</summary>
    public Task StopAsync() => PgCtlAsync("stop", "-m", "immediate");

    public Task StartServerAsync() => PgCtlAsync(
        "start", "-w", "-t", "30", "-l", Path.Combine(_directory!, "log"),
        "-o", $"-p {_admin.Port} -c listen_addresses=127.0.0.1 -k {_directory} -c max_connections=300 -c fsync={(_durable ? "on" : "off")} -c synchronous_commit=on {Environment.GetEnvironmentVariable("BENCH_PG_OPTIONS")}");

    public async ValueTask DisposeAsync()
    {
        if (_directory is null)
        {
            return;
        }

        try
        {
            await PgCtlAsync("stop", "-m", "immediate");
        }
        catch (InvalidOperationException)
        {
            // Already stopped (an outage test left it down).
        }

        Directory.Delete(_directory, recursive: true);
    }

    private Task PgCtlAsync(params string[] arguments) =>
        Tools.RunAsync(Tools.Find("pg_ctl", Hint, Folder), ["-D", Path.Combine(_directory!, "data"), .. arguments], _user);
}
