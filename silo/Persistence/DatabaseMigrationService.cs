namespace Orchestrator.Silo.Persistence;

/// <summary>
/// Applies the database migrations before the silo starts serving (it is registered before Orleans, and hosted
/// services start in order). Waits for a database that is still starting, up to <c>Database:StartupTimeout</c>.
/// </summary>
internal sealed partial class DatabaseMigrationService(DatabaseMigrator migrator, IConfiguration configuration, ILogger<DatabaseMigrationService> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var timeout = configuration.GetValue("Database:StartupTimeout", TimeSpan.FromSeconds(60));
        var deadline = TimeProvider.System.GetUtcNow() + timeout;
        var delay = TimeSpan.FromMilliseconds(250);
        while (true)
        {
            try
            {
                var applied = await migrator.MigrateAsync(cancellationToken);
                LogReady(logger, applied, DatabaseMigrator.Embedded.Count);
                return;
            }
            catch (Exception exception) when (Postgres.IsUnavailable(exception) && TimeProvider.System.GetUtcNow() < deadline)
            {
                LogWaiting(logger, exception.Message);
                await Task.Delay(delay, cancellationToken);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 5000));
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Database schema is current: {Applied} migration(s) applied now, {Total} known")]
    private static partial void LogReady(ILogger logger, int applied, int total);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Waiting for the database: {Reason}")]
    private static partial void LogWaiting(ILogger logger, string reason);
}
