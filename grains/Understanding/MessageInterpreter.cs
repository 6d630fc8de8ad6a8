using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orchestrator.Grains.Diagnostics;
using Orchestrator.Grains.Escalations;

namespace Orchestrator.Grains.Understanding;

/// <summary>
/// Asks the configured model to understand a message and validates the answer strictly. An invalid answer gets
/// one repair attempt (the model is told what was wrong); if that fails too, the outcome is invalid and the message
/// is escalated. A model that cannot be reached gives an unavailable outcome rather than an exception. Every call
/// is measured and traced (<see cref="LlmTelemetry"/>). When a tenant's token budget is spent, the fallback model
/// (the built-in local model, which costs no tokens) is asked instead, under the same validation.
/// </summary>
public sealed partial class MessageInterpreter(
    IIntentModel model,
    [FromKeyedServices(MessageInterpreter.FallbackModelKey)] IIntentModel fallback,
    LlmTelemetry telemetry,
    IOptions<EscalationOptions> escalation,
    TimeProvider time,
    ILogger<MessageInterpreter> logger)
{
    /// <summary>The service key of the model asked when a tenant's token budget is spent.</summary>
    public const string FallbackModelKey = "fallback";

    public string ModelName => model.Name;

    /// <param name="useFallback">Ask the fallback model instead of the configured one (the tenant's budget is spent).</param>
    public async Task<UnderstandingOutcome> InterpretAsync(ModelRequest request, CancellationToken cancellationToken, bool useFallback = false)
    {
        var asked = useFallback ? fallback : model;
        var first = await CallAsync(asked, request, repair: false, cancellationToken);
        if (first.Response is null)
        {
            return UnderstandingOutcome.Unavailable(first.Error!, null);
        }

        if (first.Validation!.IsValid)
        {
            return Understood(first.Validation, first.Response, first.Response.Usage, modelCalls: 1);
        }

        LogInvalidOutput(logger, asked.Name, first.Validation.Error);
        var second = await CallAsync(asked, request with { RepairHint = first.Validation.Error }, repair: true, cancellationToken);
        if (second.Response is null)
        {
            return new UnderstandingOutcome(
                UnderstandingStatus.Invalid, null, first.Validation.Error, first.Response.Text, first.Response.ModelVersion, first.Response.Usage, 2);
        }

        var usage = Sum(first.Response.Usage, second.Response.Usage);
        if (second.Validation!.IsValid)
        {
            return Understood(second.Validation, second.Response, usage, modelCalls: 2);
        }

        LogInvalidOutput(logger, asked.Name, second.Validation.Error);
        return new UnderstandingOutcome(
            UnderstandingStatus.Invalid, null, $"{second.Validation.Error} (after one repair attempt)", second.Response.Text, second.Response.ModelVersion, usage, 2);
    }

    private async Task<Call> CallAsync(IIntentModel model, ModelRequest request, bool repair, CancellationToken cancellationToken)
    {
        var activity = LlmTelemetry.Start(model.Name, repair);
        var started = time.GetTimestamp();
        try
        {
            var response = await model.CompleteAsync(request, cancellationToken);
            var validation = Validate(response);
            var outcome = !validation.IsValid ? "invalid"
                : validation.Understanding!.Confidence < escalation.Value.ConfidenceThreshold ? "low_confidence"
                : "ok";
            telemetry.Record(activity, model.Name, outcome, null, time.GetElapsedTime(started).TotalMilliseconds, response.Usage, response.ModelVersion);
            return new Call(response, validation, null);
        }
        catch (LlmUnavailableException exception)
        {
            telemetry.Record(activity, model.Name, "unavailable", exception.Kind, time.GetElapsedTime(started).TotalMilliseconds, TokenUsage.None, null);
            LogUnavailable(logger, model.Name, exception.Kind, exception.Message);
            return new Call(null, null, exception.Message);
        }
    }

    private static LlmValidation Validate(ModelResponse response) =>
        response.Problem is { } problem ? LlmValidation.Invalid(problem) : LlmOutputValidator.Validate(response.Text);

    private static UnderstandingOutcome Understood(LlmValidation validation, ModelResponse response, TokenUsage usage, int modelCalls) =>
        new(UnderstandingStatus.Understood, validation.Understanding, null, response.Text, response.ModelVersion, usage, modelCalls);

    private static TokenUsage Sum(TokenUsage a, TokenUsage b) =>
        new(a.PromptTokens + b.PromptTokens, a.CandidateTokens + b.CandidateTokens, a.TotalTokens + b.TotalTokens);

    private sealed record Call(ModelResponse? Response, LlmValidation? Validation, string? Error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model {Model} is unavailable ({Kind}): {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string model, string kind, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model {Model} broke the output contract: {Error}")]
    private static partial void LogInvalidOutput(ILogger logger, string model, string? error);
}
