namespace Orchestrator.Grains.Understanding;

/// <summary>
/// Strict validation of the model's output against the LLM contract (the architecture page): exactly one JSON
/// object and nothing else around it but whitespace; exactly the fields <c>intent</c>, <c>confidence</c>,
/// <c>product</c>, <c>info_type</c>, <c>reply</c>, each present once, with the right types and ranges.
/// </summary>
public static class LlmOutputValidator
{
    /// <summary>Validates a model output. Never throws.</summary>
    public static LlmValidation Validate(string? output) => throw new NotImplementedException();
}

/// <summary>A validation result: the understanding, or the first rule the output broke.</summary>
public sealed record LlmValidation(MessageUnderstanding? Understanding, string? Error)
{
    public bool IsValid => Understanding is not null;

    public static LlmValidation Valid(MessageUnderstanding understanding) => new(understanding, null);

    public static LlmValidation Invalid(string error) => new(null, error);
}
