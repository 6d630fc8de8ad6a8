using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using Orchestrator.Silo.Persistence;
using StackExchange.Redis;

namespace Orchestrator.Silo.Hosting;

/// <summary>PostgreSQL answers a trivial query within the timeout.</summary>
public sealed class PostgresHealthCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await using var command = dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(timeout.Token);
            return HealthCheckResult.Healthy("reachable");
        }
        catch (Exception exception) when (Postgres.IsUnavailable(exception) || exception is OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"unreachable: {exception.GetType().Name}");
        }
    }
}

/// <summary>Redis (the membership store) answers a PING within the timeout.</summary>
public sealed class RedisHealthCheck(RedisConnection redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var multiplexer = await redis.GetAsync();
            var latency = await multiplexer.GetDatabase().PingAsync().WaitAsync(TimeSpan.FromSeconds(3), cancellationToken);
            return HealthCheckResult.Healthy($"ping {latency.TotalMilliseconds:0.0} ms");
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException or OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"unreachable: {exception.GetType().Name}");
        }
    }
}

/// <summary>One lazily opened Redis connection for the health check (Orleans keeps its own for membership).</summary>
public sealed class RedisConnection(ConfigurationOptions options) : IAsyncDisposable
{
    private readonly Lazy<Task<ConnectionMultiplexer>> _connection = new(() => ConnectionMultiplexer.ConnectAsync(options));

    public Task<ConnectionMultiplexer> GetAsync() => _connection.Value;

    public async ValueTask DisposeAsync()
    {
        if (_connection.IsValueCreated && _connection.Value.IsCompletedSuccessfully)
        {
            await _connection.Value.Result.DisposeAsync();
        }
    }
}

/// <summary>Registers the dependency health checks of a deployment mode, tagged <c>ready</c>.</summary>
public static class DependencyHealthCheckExtensions
{
    public const string ReadyTag = "ready";

    public static IHealthChecksBuilder AddOrchestratorDependencies(this IHealthChecksBuilder checks, IServiceCollection services, DeploymentMode mode)
    {
        if (mode.UsesDatabase)
        {
            services.TryAddSingleton(_ => new NpgsqlDataSourceBuilder(ConnectionSettings.Postgres(mode.DatabaseUrl!).ConnectionString).Build());
            checks.AddCheck<PostgresHealthCheck>("postgres", tags: [ReadyTag]);
        }

        if (mode.IsCluster)
        {
            services.TryAddSingleton(_ => new RedisConnection(ConnectionSettings.Redis(mode.RedisUrl!)));
            checks.AddCheck<RedisHealthCheck>("redis", tags: [ReadyTag]);
        }

        return checks;
    }
}
