using System.Collections.Immutable;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Orchestrator.GrainInterfaces;
using Orchestrator.Grains.Integrations;

namespace Orchestrator.Silo.Persistence;

/// <summary>Tenant integrations in <c>business_integrations</c> (deleted with their tenant).</summary>
public sealed class PostgresIntegrationStore(NpgsqlDataSource dataSource) : IIntegrationStore
{
    private const string UniqueViolation = "23505";

    public async Task<IntegrationSettings?> GetAsync(string businessId, string kind, CancellationToken cancellationToken) =>
        (await QueryAsync("SELECT business_id, kind, settings::text, secrets::text, updated_at FROM business_integrations WHERE business_id = $1 AND kind = $2", cancellationToken, businessId, kind))
        .FirstOrDefault();

    public Task<IReadOnlyList<IntegrationSettings>> ListAsync(string businessId, CancellationToken cancellationToken) =>
        QueryAsync("SELECT business_id, kind, settings::text, secrets::text, updated_at FROM business_integrations WHERE business_id = $1 ORDER BY kind", cancellationToken, businessId);

    public Task<bool> SaveAsync(IntegrationSettings integration, CancellationToken cancellationToken) => Postgres.Run(async () =>
    {
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO business_integrations (business_id, kind, settings, secrets, updated_at) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (business_id, kind) DO UPDATE SET settings = excluded.settings, secrets = excluded.secrets, updated_at = excluded.updated_at
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = integration.BusinessId });
        command.Parameters.Add(new NpgsqlParameter { Value = integration.Kind });
        command.Parameters.Add(new NpgsqlParameter { Value = Write(integration.Settings), NpgsqlDbType = NpgsqlDbType.Jsonb });
        command.Parameters.Add(new NpgsqlParameter { Value = Write(integration.Secrets), NpgsqlDbType = NpgsqlDbType.Jsonb });
        command.Parameters.Add(new NpgsqlParameter { Value = integration.UpdatedAt.ToUniversalTime() });
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
            return true;
        }
        catch (PostgresException exception) when (exception.SqlState == UniqueViolation)
        {
            return false;
        }
    });

    public Task<bool> DeleteAsync(string businessId, string kind, CancellationToken cancellationToken) => Postgres.Run(async () =>
    {
        await using var command = dataSource.CreateCommand("DELETE FROM business_integrations WHERE business_id = $1 AND kind = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = businessId });
        command.Parameters.Add(new NpgsqlParameter { Value = kind });
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    });

    public async Task<IntegrationSettings?> FindAsync(string kind, string key, string value, CancellationToken cancellationToken) =>
        (await QueryAsync("SELECT business_id, kind, settings::text, secrets::text, updated_at FROM business_integrations WHERE kind = $1 AND settings ->> $2 = $3 LIMIT 1", cancellationToken, kind, key, value))
        .FirstOrDefault();

    private Task<IReadOnlyList<IntegrationSettings>> QueryAsync(string sql, CancellationToken cancellationToken, params string[] values) => Postgres.Run(async () =>
    {
        await using var command = dataSource.CreateCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var list = new List<IntegrationSettings>();
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new IntegrationSettings(reader.GetString(0), reader.GetString(1), Read(reader.GetString(2)), Read(reader.GetString(3)), reader.GetFieldValue<DateTimeOffset>(4)));
        }

        return (IReadOnlyList<IntegrationSettings>)list;
    });

    private static string Write(ImmutableSortedDictionary<string, string> values) =>
        JsonSerializer.Serialize(new Dictionary<string, string>(values, StringComparer.Ordinal), MetaJsonContext.Default.DictionaryStringString);

    private static ImmutableSortedDictionary<string, string> Read(string json) =>
        (JsonSerializer.Deserialize(json, MetaJsonContext.Default.DictionaryStringString) ?? []).ToImmutableSortedDictionary(StringComparer.Ordinal);
}
