namespace Orchestrator.Grains.Understanding;

/// <summary>How asking the model ended.</summary>
public enum UnderstandingStatus
{
    /// <summary>A valid understanding (from the model or the cache).</summary>
    Understood,
    /// <summary>The model answered, but not by the contract, also after the repair attempt.</summary>
    Invalid,
    /// <summary>The model could not be reached.</summary>
    Unavailable,
}

/// <summary>The result of understanding one message, valid or not, with what is recorded about the call.</summary>
/// <param name="Error">Why the output was invalid or the model unavailable.</param>
/// <param name="RawOutput">The model's last raw output, recorded with the interaction.</param>
/// <param name="ModelCalls">How many model calls this outcome cost (0 from the cache, 2 after a repair).</param>
public sealed record UnderstandingOutcome(
    UnderstandingStatus Status,
    MessageUnderstanding? Understanding,
    string? Error,
    string? RawOutput,
    string? ModelVersion,
    TokenUsage Usage,
    int ModelCalls,
    bool FromCache = false)
{
    public static UnderstandingOutcome Unavailable(string error, string? modelVersion) =>
        new(UnderstandingStatus.Unavailable, null, error, null, modelVersion, TokenUsage.None, 1);
}
