using Orchestrator.Grains.Understanding;
using Orchestrator.Grains.Understanding.LocalModel;

namespace Orchestrator.Silo.Hosting;

/// <summary>
/// Trains the built-in intent model while the host starts, so the first message does not wait for training (a few
/// seconds). Start-up does not wait for it either: a message that arrives earlier waits for the same training.
/// </summary>
internal sealed partial class IntentModelWarmUp(IIntentModel model, ILogger<IntentModelWarmUp> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (model is not LocalIntentModel local)
        {
            return;
        }

        var started = TimeProvider.System.GetTimestamp();
        try
        {
            await local.WarmUpAsync(stoppingToken);
            LogTrained(logger, TimeProvider.System.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Messages will be escalated as llm_unavailable; the failure is reported, not hidden.
            LogFailed(logger, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Local intent model trained in {ElapsedMs} ms")]
    private static partial void LogTrained(ILogger logger, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Local intent model failed to train")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
