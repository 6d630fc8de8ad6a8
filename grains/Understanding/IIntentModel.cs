using Orchestrator.GrainInterfaces;

namespace Orchestrator.Grains.Understanding;

/// <summary>
/// A model that reads a user's message and answers with the LLM contract's JSON object. Implemented by the built-in
/// local model and by the Vertex AI Gemini client; the output is validated by <see cref="LlmOutputValidator"/>
/// whichever model produced it.
/// </summary>
public interface IIntentModel
{
    /// <summary>A short name for logs and metrics (<c>local</c>, <c>vertex</c>).</summary>
    string Name { get; }

    /// <summary>
    /// Asks the model. Throws <see cref="LlmUnavailableException"/> when the model cannot be reached (after
    /// whatever retries the implementation makes); any text it returns, valid or not, is returned as is.
    /// </summary>
    ValueTask<ModelResponse> CompleteAsync(ModelRequest request, CancellationToken cancellationToken);
}

/// <summary>What the model is asked.</summary>
/// <param name="Message">The user's new message.</param>
/// <param name="History">The session's recent turns, oldest first.</param>
/// <param name="Business">What the model may know about the tenant.</param>
/// <param name="RepairHint">Set on the repair attempt: why the previous output was rejected.</param>
public sealed record ModelRequest(
    string Message,
    IReadOnlyList<ConversationTurn> History,
    BusinessContext Business,
    string? RepairHint = null);

/// <summary>The tenant context given to the model: the meta keys it has and (for small catalogues) product names.</summary>
public sealed record BusinessContext(string BusinessId, string BusinessName, IReadOnlyList<string> MetaKeys, IReadOnlyList<string> ProductNames);

/// <summary>The model's raw answer.</summary>
/// <param name="Problem">
/// Set when the provider says the answer is unusable whatever its text: no candidates, a safety block, a finish
/// reason other than a normal stop. The output is then invalid (and gets the one repair attempt).
/// </param>
public sealed record ModelResponse(string Text, string ModelVersion, TokenUsage Usage, string? Problem = null);

/// <summary>Tokens a call cost, as the provider reports them (zero for the local model).</summary>
public sealed record TokenUsage(int PromptTokens, int CandidateTokens, int TotalTokens)
{
    public static TokenUsage None { get; } = new(0, 0, 0);
}

/// <summary>The model could not be reached or kept failing; the message is escalated with <c>llm_unavailable</c>.</summary>
/// <param name="kind">What went wrong, for metrics: <c>rate_limited</c>, <c>server_error</c>, <c>timeout</c>,
/// <c>circuit_open</c>, <c>transport</c>, <c>auth</c>, <c>not_found</c>, <c>bad_request</c>, <c>error</c>.</param>
public sealed class LlmUnavailableException(string message, Exception? innerException = null, string kind = "error")
    : Exception(message, innerException)
{
    public string Kind { get; } = kind;
}
