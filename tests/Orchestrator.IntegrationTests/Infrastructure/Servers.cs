namespace Orchestrator.IntegrationTests.Infrastructure;

/// <summary>One PostgreSQL and one Redis for the whole test run; each test class takes its own database.</summary>
public sealed class Servers : IAsyncLifetime
{
    public PostgresServer Postgres { get; private set; } = null!;

    public RedisServer Redis { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var postgres = PostgresServer.StartAsync();
        var redis = RedisServer.StartAsync();
        Postgres = await postgres;
        Redis = await redis;
    }

    public async Task DisposeAsync()
    {
        await Postgres.DisposeAsync();
        await Redis.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ServersCollection : ICollectionFixture<Servers>
{
    public const string Name = "servers";
}
