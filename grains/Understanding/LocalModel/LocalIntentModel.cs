namespace Orchestrator.Grains.Understanding.LocalModel;

/// <summary>
/// The built-in intent model: an ML.NET classifier trained at start-up from the embedded Turkish training set,
/// used in embedded mode and whenever no Vertex AI model is configured. It answers with the LLM contract's JSON
/// object, never writes free text (<c>reply</c> is null), and costs no tokens.
/// </summary>
/// <remarks>
/// The model is trained once per process (<see cref="LocalIntentModelTrainer.GetSharedAsync"/>); call
/// <see cref="WarmUpAsync"/> at start-up so the first message does not wait for training. Prediction is CPU-only,
/// takes well under a millisecond and is safe from many grains at once.
/// </remarks>
public sealed class LocalIntentModel : IIntentModel
{
    public const string ProviderName = "local";

    private readonly Func<Task<TrainedIntentModel>> _model;

    /// <summary>Uses the process's shared model, trained from the embedded training set.</summary>
    public LocalIntentModel()
        : this(LocalIntentModelTrainer.GetSharedAsync)
    {
    }

    /// <summary>Uses an already trained model (tests, benchmarks).</summary>
    public LocalIntentModel(TrainedIntentModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var ready = Task.FromResult(model);
        _model = () => ready;
    }

    private LocalIntentModel(Func<Task<TrainedIntentModel>> model) => _model = model;

    public string Name => ProviderName;

    /// <summary>Trains the model now (once per process) instead of on the first message.</summary>
    public async Task WarmUpAsync(CancellationToken cancellationToken = default) =>
        await GetModelAsync().WaitAsync(cancellationToken).ConfigureAwait(false);

    public ValueTask<ModelResponse> CompleteAsync(ModelRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        var model = _model();

        // After warm-up this completes synchronously: no allocation for the await, no thread hop in the grain.
        return model.IsCompletedSuccessfully
            ? ValueTask.FromResult(Answer(model.Result, request))
            : AnswerWhenTrainedAsync(request, cancellationToken);
    }

    private async ValueTask<ModelResponse> AnswerWhenTrainedAsync(ModelRequest request, CancellationToken cancellationToken)
    {
        var model = await GetModelAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        return Answer(model, request);
    }

    private async Task<TrainedIntentModel> GetModelAsync()
    {
        try
        {
            return await _model().ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            throw new LlmUnavailableException("The local intent model could not be trained.", exception);
        }
    }

    private static ModelResponse Answer(TrainedIntentModel model, ModelRequest request)
    {
        var prediction = model.Predict(request.Message, request.Business);
        return new ModelResponse(prediction.ToJson(), model.Version, TokenUsage.None);
    }
}
