using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orchestrator.Grains.Understanding.Vertex;

// The Vertex AI generateContent wire format (REST v1), only the fields this client sends or reads.

public sealed record GenerateContentRequest(
    IReadOnlyList<GeminiContent> Contents,
    GeminiContent? SystemInstruction,
    GeminiGenerationConfig? GenerationConfig);

public sealed record GeminiContent(string? Role, IReadOnlyList<GeminiPart> Parts);

public sealed record GeminiPart(string? Text);

public sealed record GeminiGenerationConfig(
    double? Temperature,
    int? MaxOutputTokens,
    int? CandidateCount,
    string? ResponseMimeType,
    JsonElement? ResponseSchema);

public sealed record GenerateContentResponse(
    IReadOnlyList<GeminiCandidate>? Candidates,
    GeminiPromptFeedback? PromptFeedback,
    GeminiUsageMetadata? UsageMetadata,
    string? ModelVersion,
    string? ResponseId);

public sealed record GeminiCandidate(GeminiContent? Content, string? FinishReason, double? AvgLogprobs);

public sealed record GeminiPromptFeedback(string? BlockReason, string? BlockReasonMessage);

public sealed record GeminiUsageMetadata(int? PromptTokenCount, int? CandidatesTokenCount, int? TotalTokenCount);

public sealed record GoogleErrorEnvelope(GoogleError? Error);

public sealed record GoogleError(int? Code, string? Message, string? Status);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(GenerateContentRequest))]
[JsonSerializable(typeof(GenerateContentResponse))]
[JsonSerializable(typeof(GoogleErrorEnvelope))]
public sealed partial class GeminiJsonContext : JsonSerializerContext
{
    /// <summary>
    /// For the requests this client sends: the same contract as <see cref="JsonSerializerContext"/>'s default, but
    /// Turkish letters go out as UTF-8 instead of <c>\u</c> escapes (shorter and cheaper to write; the body is an API
    /// request, never embedded in HTML).
    /// </summary>
    public static GeminiJsonContext Requests { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
