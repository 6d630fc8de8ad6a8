using Orchestrator.Grains.Understanding.LocalModel;

namespace Orchestrator.Grains.Tests.Understanding.LocalModel;

/// <summary>The process's shared local model, trained once for the whole test run (a couple of seconds).</summary>
public sealed class LocalIntentModelFixture : IAsyncLifetime
{
    private TrainedIntentModel? _model;

    public TrainedIntentModel Model => _model ?? throw new InvalidOperationException("The fixture is not initialised.");

    public async Task InitializeAsync() => _model = await LocalIntentModelTrainer.GetSharedAsync();

    public Task DisposeAsync() => Task.CompletedTask;
}

[CollectionDefinition(Name)]
public sealed class LocalIntentModelCollection : ICollectionFixture<LocalIntentModelFixture>
{
    public const string Name = "Local intent model";
}
