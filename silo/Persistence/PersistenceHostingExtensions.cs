using Npgsql;
using Orchestrator.Grains;
using Orchestrator.Grains.Businesses;
using Orchestrator.Grains.Escalations;
using Orchestrator.Grains.Integrations;
using Orchestrator.Grains.Sessions;

namespace Orchestrator.Silo.Persistence;

/// <summary>Wires PostgreSQL: one data source shared by the stores and the Orleans grain storage, and the migrations.</summary>
public static class PersistenceHostingExtensions
{
    /// <summary>
    /// Registers the data source, the PostgreSQL stores (in place of the in-memory ones) and the migration step.
    /// Call before <c>UseOrleans</c>, so the migrations finish before the silo starts.
    /// </summary>
    public static IServiceCollection AddOrchestratorPostgres(this IServiceCollection services, string databaseUrl)
    {
        var connectionString = ConnectionSettings.Postgres(databaseUrl).ConnectionString;
        services.AddSingleton(_ => new NpgsqlDataSourceBuilder(connectionString).Build());
        services.AddSingleton<DatabaseMigrator>();
        services.AddHostedService<DatabaseMigrationService>();
        services.AddSingleton<IBusinessStore, PostgresBusinessStore>();
        services.AddSingleton(sp => new PostgresWriter(
            sp.GetRequiredService<NpgsqlDataSource>(),
            sp.GetRequiredService<IConfiguration>().GetSection("Database:Writes").Get<GroupCommitOptions>() ?? new(),
            sp.GetRequiredService<ILogger<PostgresWriter>>()));
        services.AddSingleton<PostgresInteractionStore>();
        services.AddSingleton<IInteractionStore>(sp => sp.GetRequiredService<PostgresInteractionStore>());
        services.AddSingleton<IIntegrationStore, PostgresIntegrationStore>();
        services.AddSingleton<PostgresTicketStore>();
        services.AddSingleton<ITicketStore>(sp => sp.GetRequiredService<PostgresTicketStore>());
        services.AddSingleton<INotificationOutbox>(sp => sp.GetRequiredService<PostgresTicketStore>());
        return services;
    }

    /// <summary>Orleans grain storage (API keys, token budgets) in PostgreSQL, through the shared data source.</summary>
    public static ISiloBuilder AddOrchestratorPostgresGrainStorage(this ISiloBuilder silo)
    {
        foreach (var name in new[] { StorageNames.ApiKeys, StorageNames.Budgets })
        {
            silo.AddAdoNetGrainStorage(name, options => options.Configure<NpgsqlDataSource>((storage, dataSource) =>
            {
                storage.Invariant = "Npgsql";
                storage.DataSource = dataSource;
            }));
        }

        return silo;
    }
}
