using Microsoft.Extensions.Logging;

namespace Orchestrator.Grains.Understanding;

/// <summary>
/// Asks the configured model to understand a message and validates the answer strictly. An invalid answer gets
/// one repair attempt (the model is told what was wrong); if that fails too, the outcome is invalid and the message
/// is escalated. A model that cannot be reached gives an unavailable outcome rather than an exception.
/// </summary>
public sealed partial class MessageInterpreter(IIntentModel model, ILogger<MessageInterpreter> logger)
{
    public string ModelName => model.Name;

    public async Task<UnderstandingOutcome> InterpretAsync(ModelRequest request, CancellationToken cancellationToken)
    {
        ModelResponse first;
        try
        {
            first = await model.CompleteAsync(request, cancellationToken);
        }
        catch (LlmUnavailableException exception)
        {
            LogUnavailable(logger, model.Name, exception.Message);
            return UnderstandingOutcome.Unavailable(exception.Message, null);
        }

        var validation = Validate(first);
        if (validation.IsValid)
        {
            return Understood(validation, first, first.Usage, modelCalls: 1);
        }

        LogInvalidOutput(logger, model.Name, validation.Error);
        ModelResponse second;
        try
        {
            second = await model.CompleteAsync(request with { RepairHint = validation.Error }, cancellationToken);
        }
        catch (LlmUnavailableException exception)
        {
            LogUnavailable(logger, model.Name, exception.Message);
            return new UnderstandingOutcome(
                UnderstandingStatus.Invalid, null, validation.Error, first.Text, first.ModelVersion, first.Usage, 2);
        }

        var usage = Sum(first.Usage, second.Usage);
        var repaired = Validate(second);
        if (repaired.IsValid)
        {
            return Understood(repaired, second, usage, modelCalls: 2);
        }

        LogInvalidOutput(logger, model.Name, repaired.Error);
        return new UnderstandingOutcome(
            UnderstandingStatus.Invalid, null, $"{repaired.Error} (after one repair attempt)", second.Text, second.ModelVersion, usage, 2);
    }

    private static LlmValidation Validate(ModelResponse response) =>
        response.Problem is { } problem ? LlmValidation.Invalid(problem) : LlmOutputValidator.Validate(response.Text);

    private static UnderstandingOutcome Understood(LlmValidation validation, ModelResponse response, TokenUsage usage, int modelCalls) =>
        new(UnderstandingStatus.Understood, validation.Understanding, null, response.Text, response.ModelVersion, usage, modelCalls);

    private static TokenUsage Sum(TokenUsage a, TokenUsage b) =>
        new(a.PromptTokens + b.PromptTokens, a.CandidateTokens + b.CandidateTokens, a.TotalTokens + b.TotalTokens);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model {Model} is unavailable: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string model, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model {Model} broke the output contract: {Error}")]
    private static partial void LogInvalidOutput(ILogger logger, string model, string? error);
}
