using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using Npgsql;
using NpgsqlTypes;
using Orchestrator.GrainInterfaces;
using Orchestrator.Grains.Businesses;

namespace Orchestrator.Silo.Persistence;

/// <summary>Tenants and catalogues in the <c>businesses</c> and <c>products</c> tables.</summary>
/// <remarks>
/// Each operation is one round trip: statements that belong together are sent as one batch, which PostgreSQL runs
/// in one implicit transaction, so a product change and the tenant's new version are saved together or not at all.
/// </remarks>
public sealed class PostgresBusinessStore(NpgsqlDataSource dataSource) : IBusinessStore
{
    public Task<BusinessSnapshot?> LoadAsync(string businessId, CancellationToken cancellationToken) => Postgres.Run(async () =>
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(Command(
            "SELECT name, greeting_message, meta_data::text, version, created_at, updated_at FROM businesses WHERE id = $1", businessId));
        batch.BatchCommands.Add(Command(
            "SELECT id, name, price, stock_quantity, updated_at FROM products WHERE business_id = $1 ORDER BY id", businessId));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var profile = new BusinessProfile(
            businessId,
            reader.GetString(0),
            reader.GetString(1),
            ReadMeta(reader.GetString(2)),
            reader.GetFieldValue<DateTimeOffset>(4),
            reader.GetFieldValue<DateTimeOffset>(5),
            reader.GetInt64(3));
        await reader.NextResultAsync(cancellationToken);
        var products = ImmutableArray.CreateBuilder<ProductInfo>();
        while (await reader.ReadAsync(cancellationToken))
        {
            products.Add(new ProductInfo(reader.GetString(0), reader.GetString(1), reader.GetDecimal(2), reader.GetInt32(3), reader.GetFieldValue<DateTimeOffset>(4)));
        }

        return (BusinessSnapshot?)new BusinessSnapshot(profile, products.ToImmutable());
    });

    public Task<bool> CreateAsync(BusinessSnapshot business, CancellationToken cancellationToken) => Postgres.Run(async () =>
    {
        var profile = business.Profile;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var insert = new NpgsqlCommand(
            """
            INSERT INTO businesses (id, name, greeting_message, meta_data, version, created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            ON CONFLICT (id) DO NOTHING
            """, connection, transaction))
        {
            AddProfile(insert, profile);
            if (await insert.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return false;
            }
        }

        if (business.Products.Length > 0)
        {
            await using var products = new NpgsqlCommand(
                """
                INSERT INTO products (business_id, id, name, price, stock_quantity, updated_at)
                SELECT $1, p.id, p.name, p.price, p.stock, p.updated_at
                FROM unnest($2::text[], $3::text[], $4::numeric[], $5::int[], $6::timestamptz[]) AS p(id, name, price, stock, updated_at)
                """, connection, transaction);
            products.Parameters.Add(new NpgsqlParameter { Value = profile.Id });
            products.Parameters.Add(new NpgsqlParameter { Value = business.Products.Select(p => p.Id).ToArray() });
            products.Parameters.Add(new NpgsqlParameter { Value = business.Products.Select(p => p.Name).ToArray() });
            products.Parameters.Add(new NpgsqlParameter { Value = business.Products.Select(p => p.Price).ToArray() });
            products.Parameters.Add(new NpgsqlParameter { Value = business.Products.Select(p => p.StockQuantity).ToArray() });
            products.Parameters.Add(new NpgsqlParameter { Value = business.Products.Select(p => p.UpdatedAt.ToUniversalTime()).ToArray() });
            await products.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    });

    public Task SaveProfileAsync(BusinessProfile profile, CancellationToken cancellationToken) => Postgres.Run(async () =>
    {
        await using var command = dataSource.CreateCommand(
            "UPDATE businesses SET name = $2, greeting_message = $3, meta_data = $4, version = $5, updated_at = $6 WHERE id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = profile.Id });
        command.Parameters.Add(new NpgsqlParameter { Value = profile.Name });
        command.Parameters.Add(new NpgsqlParameter { Value = profile.GreetingMessage });
        command.Parameters.Add(new NpgsqlParameter { Value = WriteMeta(profile.Meta), NpgsqlDbType = NpgsqlDbType.Jsonb });
        command.Parameters.Add(new NpgsqlParameter { Value = profile.Version });
        command.Parameters.Add(new NpgsqlParameter { Value = profile.UpdatedAt.ToUniversalTime() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    });

    public Task SaveProductAsync(BusinessProfile profile, ProductInfo product, CancellationToken cancellationToken) => Postgres.Run(async () =>
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(Command(
            """
            INSERT INTO products (business_id, id, name, price, stock_quantity, updated_at) VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (business_id, id) DO UPDATE
            SET name = excluded.name, price = excluded.price, stock_quantity = excluded.stock_quantity, updated_at = excluded.updated_at
            """,
            profile.Id, product.Id, product.Name, product.Price, product.StockQuantity, product.UpdatedAt.ToUniversalTime()));
        batch.BatchCommands.Add(VersionCommand(profile));
        await batch.ExecuteNonQueryAsync(cancellationToken);
    });

    public Task DeleteProductAsync(BusinessProfile profile, string productId, CancellationToken cancellationToken) => Postgres.Run(async () =>
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(Command("DELETE FROM products WHERE business_id = $1 AND id = $2", profile.Id, productId));
        batch.BatchCommands.Add(VersionCommand(profile));
        await batch.ExecuteNonQueryAsync(cancellationToken);
    });

    public Task<bool> DeleteAsync(string businessId, CancellationToken cancellationToken) => Postgres.Run(async () =>
    {
        await using var command = dataSource.CreateCommand("DELETE FROM businesses WHERE id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = businessId });
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    });

    public Task<BusinessPage> ListAsync(int offset, int limit, CancellationToken cancellationToken) => Postgres.Run(async () =>
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(Command(
            """
            SELECT b.id, b.name, b.created_at, (SELECT count(*) FROM products p WHERE p.business_id = b.id)
            FROM businesses b ORDER BY b.id OFFSET $1 LIMIT $2
            """, offset, limit));
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT count(*) FROM businesses"));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var items = ImmutableArray.CreateBuilder<BusinessSummary>();
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(new BusinessSummary(reader.GetString(0), reader.GetString(1), (int)reader.GetInt64(3), reader.GetFieldValue<DateTimeOffset>(2)));
        }

        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new BusinessPage(items.ToImmutable(), offset, limit, (int)reader.GetInt64(0));
    });

    private static NpgsqlBatchCommand VersionCommand(BusinessProfile profile) =>
        Command("UPDATE businesses SET version = $2, updated_at = $3 WHERE id = $1", profile.Id, profile.Version, profile.UpdatedAt.ToUniversalTime());

    private static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return command;
    }

    private static void AddProfile(NpgsqlCommand command, BusinessProfile profile)
    {
        command.Parameters.Add(new NpgsqlParameter { Value = profile.Id });
        command.Parameters.Add(new NpgsqlParameter { Value = profile.Name });
        command.Parameters.Add(new NpgsqlParameter { Value = profile.GreetingMessage });
        command.Parameters.Add(new NpgsqlParameter { Value = WriteMeta(profile.Meta), NpgsqlDbType = NpgsqlDbType.Jsonb });
        command.Parameters.Add(new NpgsqlParameter { Value = profile.Version });
        command.Parameters.Add(new NpgsqlParameter { Value = profile.CreatedAt.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter { Value = profile.UpdatedAt.ToUniversalTime() });
    }

    private static string WriteMeta(ImmutableSortedDictionary<string, string> meta) =>
        JsonSerializer.Serialize(new Dictionary<string, string>(meta, StringComparer.Ordinal), MetaJsonContext.Default.DictionaryStringString);

    private static ImmutableSortedDictionary<string, string> ReadMeta(string json) =>
        (JsonSerializer.Deserialize(json, MetaJsonContext.Default.DictionaryStringString) ?? [])
            .ToImmutableSortedDictionary(StringComparer.Ordinal);
}

[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class MetaJsonContext : JsonSerializerContext;
