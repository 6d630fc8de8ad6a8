using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Orchestrator.Grains.Understanding;
using Orchestrator.Grains.Understanding.Vertex;

namespace Orchestrator.FakeVertex;

/// <summary>
/// The fake's routes: <c>generateContent</c> on the tuned-endpoint and publisher-model paths (bearer token required),
/// and the control routes <c>POST /_control</c>, <c>POST /_reset</c>, <c>GET /_stats</c>.
/// </summary>
public static class FakeVertexEndpoints
{
    public const string ModelVersion = "fake-gemini-tuned-001";

    public static IEndpointRouteBuilder MapFakeVertex(this IEndpointRouteBuilder routes, FakeVertexState state, IIntentModel answers)
    {
        var random = new Random(7);
        var randomLock = new Lock();
        async Task<IResult> Generate(HttpContext context)
        {
            if (context.Request.Headers.Authorization.ToString() is not { Length: > 7 } auth || !auth.StartsWith("Bearer ", StringComparison.Ordinal))
            {
                return Error(401, "UNAUTHENTICATED", "Request is missing required authentication credential.");
            }

            string raw;
            using (var reader = new StreamReader(context.Request.Body, Encoding.UTF8))
            {
                raw = await reader.ReadToEndAsync(context.RequestAborted);
            }

            GenerateContentRequest? request;
            try
            {
                request = JsonSerializer.Deserialize(raw, GeminiJsonContext.Default.GenerateContentRequest);
            }
            catch (JsonException exception)
            {
                return Error(400, "INVALID_ARGUMENT", $"Invalid JSON payload received. {exception.Message}");
            }

            if (request?.Contents is not { Count: > 0 } contents || contents[^1].Role != "user")
            {
                return Error(400, "INVALID_ARGUMENT", "contents must end with a user turn.");
            }

            (int? FailStatus, int? RetryAfter, string Mode) decision;
            double delay;
            lock (randomLock)
            {
                decision = state.Next(new RecordedRequest(context.Request.Path, auth, raw), random);
                var settings = state.Settings;
                delay = (settings.LatencyMs ?? 0) + ((settings.JitterMs ?? 0) * random.NextDouble());
            }

            if (delay > 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(delay), context.RequestAborted);
            }

            if (decision.FailStatus is { } status)
            {
                if (decision.RetryAfter is { } seconds)
                {
                    context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                }

                return status switch
                {
                    429 => Error(429, "RESOURCE_EXHAUSTED", "Quota exceeded for aiplatform.googleapis.com/generate_content_requests_per_minute."),
                    500 => Error(500, "INTERNAL", "Internal error encountered."),
                    504 => Error(504, "DEADLINE_EXCEEDED", "Deadline exceeded."),
                    _ => Error(status, "UNAVAILABLE", "The service is currently unavailable."),
                };
            }

            var message = string.Concat(contents[^1].Parts.Select(p => p.Text));
            var answer = await answers.CompleteAsync(
                new ModelRequest(message, [], new BusinessContext("fake", "fake", [], [])), context.RequestAborted);
            var text = decision.Mode switch
            {
                "malformed" => answer.Text[..(answer.Text.Length / 2)],
                "text_around" => $"İşte cevabım: {answer.Text} Umarım yardımcı olur.",
                "low_confidence" => LowConfidence(answer.Text),
                "max_tokens" => answer.Text[..(answer.Text.Length / 3)],
                _ => answer.Text,
            };

            var promptTokens = Math.Max(1, raw.Length / 4);
            var candidateTokens = Math.Max(1, text.Length / 4);
            var response = decision.Mode == "safety_block"
                ? new GenerateContentResponse(null, new GeminiPromptFeedback("SAFETY", "The prompt was blocked."), new GeminiUsageMetadata(promptTokens, 0, promptTokens), ModelVersion, Guid.NewGuid().ToString("N"))
                : new GenerateContentResponse(
                    [new GeminiCandidate(new GeminiContent("model", [new GeminiPart(text)]), decision.Mode == "max_tokens" ? "MAX_TOKENS" : "STOP", -0.05)],
                    null,
                    new GeminiUsageMetadata(promptTokens, candidateTokens, promptTokens + candidateTokens),
                    ModelVersion,
                    Guid.NewGuid().ToString("N"));
            return Results.Json(response, GeminiJsonContext.Default.GenerateContentResponse);
        }

        routes.MapPost("/v1/projects/{project}/locations/{location}/endpoints/{endpoint}:generateContent", (Delegate)Generate);
        routes.MapPost("/v1/projects/{project}/locations/{location}/publishers/google/models/{model}:generateContent", (Delegate)Generate);
        routes.MapPost("/_control", async (HttpContext context) =>
        {
            var change = await JsonSerializer.DeserializeAsync(context.Request.Body, FakeControlJsonContext.Default.FakeVertexSettings, context.RequestAborted);
            state.Apply(change ?? new FakeVertexSettings());
            return Results.Json(state.Settings, FakeControlJsonContext.Default.FakeVertexSettings);
        });
        routes.MapPost("/_reset", () =>
        {
            state.Reset();
            return Results.NoContent();
        });
        routes.MapGet("/_stats", () => Results.Json(state.Stats(), FakeControlJsonContext.Default.FakeVertexStats));
        return routes;
    }

    private static string LowConfidence(string json)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(json)!;
        node["confidence"] = 0.31;
        return node.ToJsonString();
    }

    private static IResult Error(int status, string googleStatus, string message) =>
        Results.Json(new GoogleErrorEnvelope(new GoogleError(status, message, googleStatus)), GeminiJsonContext.Default.GoogleErrorEnvelope, statusCode: status);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(FakeVertexSettings))]
[JsonSerializable(typeof(FakeVertexStats))]
internal sealed partial class FakeControlJsonContext : JsonSerializerContext;
