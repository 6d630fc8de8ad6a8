
namespace Orchestrator.Silo.Hosting;

/// <summary>
/// Embedded (nothing configured: localhost clustering, in-memory storage, demo tenant) or cluster (Redis membership,
/// PostgreSQL storage). Chosen by whether <c>REDIS_URL</c> / <c>DATABASE_URL</c> are set.
/// </summary>
public sealed record DeploymentMode(string? RedisUrl, string? DatabaseUrl)
{
    /// <summary>The operator key embedded mode uses when none is set (never used in cluster mode).</summary>
    public const string EmbeddedOperatorKey = "dev-operator-key";

    public bool IsCluster => RedisUrl is not null;

    public bool UsesDatabase => DatabaseUrl is not null;

    public static DeploymentMode From(IConfiguration configuration)
    {
        var redis = Blank(configuration["Redis:Url"]);
        var database = Blank(configuration["Database:Url"]);
        if (redis is not null && database is null)
        {
            // Several silos with per-process memory would each hold a different copy of every tenant.
            throw new SettingsException("DATABASE_URL", "cluster mode (REDIS_URL set) needs a PostgreSQL database; set DATABASE_URL too.");
        }

        return new DeploymentMode(redis, database);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
