using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Orchestrator.Grains.Understanding.Vertex;

/// <summary>
/// A Microsoft.Extensions.AI chat client for Gemini on Vertex AI over REST (<c>generateContent</c>). System messages
/// become the <c>systemInstruction</c>, user and assistant messages the <c>contents</c> (roles <c>user</c> and
/// <c>model</c>); a JSON response format becomes <c>responseMimeType</c> and <c>responseSchema</c>.
/// </summary>
/// <remarks>
/// The HTTP client comes from <c>IHttpClientFactory</c> with the resilience handler (timeouts, retries honouring
/// Retry-After, circuit breaker) configured where the silo registers the model. A response the caller
/// cannot use is still a response: no candidates (a blocked prompt) and a finish reason other than STOP come back
/// with their <see cref="ChatResponse.FinishReason"/> set and the reason under
/// <see cref="ChatResponse.AdditionalProperties"/> key <c>gemini_finish_reason</c> or <c>gemini_block_reason</c>.
/// HTTP failures throw <see cref="VertexCallException"/>.
/// </remarks>
public sealed class VertexGeminiChatClient(HttpClient http, IAccessTokenSource tokens, VertexModelResource model) : IChatClient
{
    public const string HttpClientName = "vertex";
    public const string FinishReasonKey = "gemini_finish_reason";
    public const string BlockReasonKey = "gemini_block_reason";

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var request = BuildRequest(messages, options);
        using var message = new HttpRequestMessage(HttpMethod.Post, model.GenerateContentPath)
        {
            Content = JsonContent(request),
        };
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await tokens.GetTokenAsync(cancellationToken));
        using var response = await http.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw VertexCallException.From(response, body);
        }

        GenerateContentResponse? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize(body, GeminiJsonContext.Default.GenerateContentResponse);
        }
        catch (JsonException exception)
        {
            throw new VertexCallException(response.StatusCode, null, $"the response is not a generateContent response: {exception.Message}", null, isTransient: false);
        }

        return ToChatResponse(parsed ?? new GenerateContentResponse(null, null, null, null, null));
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("Streaming is not used: the model answers with one small JSON object.");

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }

    internal static GenerateContentRequest BuildRequest(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        var system = new List<GeminiPart>();
        var contents = new List<GeminiContent>();
        foreach (var message in messages)
        {
            if (message.Role == ChatRole.System)
            {
                system.Add(new GeminiPart(message.Text));
            }
            else
            {
                contents.Add(new GeminiContent(message.Role == ChatRole.Assistant ? "model" : "user", [new GeminiPart(message.Text)]));
            }
        }

        string? mimeType = null;
        JsonElement? schema = null;
        switch (options?.ResponseFormat)
        {
            case ChatResponseFormatJson json:
                mimeType = "application/json";
                schema = json.Schema;
                break;
            case ChatResponseFormatText:
                mimeType = "text/plain";
                break;
        }

        return new GenerateContentRequest(
            contents,
            system.Count == 0 ? null : new GeminiContent(null, system),
            new GeminiGenerationConfig(options?.Temperature, options?.MaxOutputTokens, 1, mimeType, schema));
    }

    internal static ChatResponse ToChatResponse(GenerateContentResponse response)
    {
        var candidate = response.Candidates is { Count: > 0 } candidates ? candidates[0] : null;
        var text = candidate?.Content?.Parts is { } parts ? string.Concat(parts.Select(p => p.Text)) : "";
        var chat = new ChatResponse(new ChatMessage(ChatRole.Assistant, text))
        {
            ModelId = response.ModelVersion,
            ResponseId = response.ResponseId,
            AdditionalProperties = [],
            RawRepresentation = response,
        };
        if (response.UsageMetadata is { } usage)
        {
            chat.Usage = new UsageDetails
            {
                InputTokenCount = usage.PromptTokenCount,
                OutputTokenCount = usage.CandidatesTokenCount,
                TotalTokenCount = usage.TotalTokenCount,
            };
        }

        if (candidate is null)
        {
            chat.FinishReason = ChatFinishReason.ContentFilter;
            chat.AdditionalProperties[BlockReasonKey] = response.PromptFeedback?.BlockReason ?? "NO_CANDIDATES";
            return chat;
        }

        chat.AdditionalProperties[FinishReasonKey] = candidate.FinishReason ?? "UNSPECIFIED";
        chat.FinishReason = candidate.FinishReason switch
        {
            "STOP" => ChatFinishReason.Stop,
            "MAX_TOKENS" => ChatFinishReason.Length,
            "SAFETY" or "RECITATION" or "BLOCKLIST" or "PROHIBITED_CONTENT" or "SPII" => ChatFinishReason.ContentFilter,
            null => null,
            var other => new ChatFinishReason(other),
        };
        return chat;
    }

    private static ByteArrayContent JsonContent(GenerateContentRequest request)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(request, GeminiJsonContext.Requests.GenerateContentRequest));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }
}

/// <summary>Vertex AI answered with an error status (after the retries the resilience handler made).</summary>
public sealed class VertexCallException(HttpStatusCode status, string? googleStatus, string message, TimeSpan? retryAfter, bool isTransient)
    : Exception($"Vertex AI answered {(int)status} {googleStatus}: {message}")
{
    public HttpStatusCode Status { get; } = status;

    /// <summary>The error's <c>status</c> field, such as <c>RESOURCE_EXHAUSTED</c> or <c>PERMISSION_DENIED</c>.</summary>
    public string? GoogleStatus { get; } = googleStatus;

    public TimeSpan? RetryAfter { get; } = retryAfter;

    /// <summary>True for 429 and 5xx (worth retrying later); false for configuration errors such as 400/401/403/404.</summary>
    public bool IsTransient { get; } = isTransient;

    internal static VertexCallException From(HttpResponseMessage response, byte[] body)
    {
        GoogleError? error = null;
        try
        {
            error = JsonSerializer.Deserialize(body, GeminiJsonContext.Default.GoogleErrorEnvelope)?.Error;
        }
        catch (JsonException)
        {
            // Not Google's error envelope (a proxy's page, say): the status code still says what happened.
        }

        var status = response.StatusCode;
        var transient = status == HttpStatusCode.TooManyRequests || (int)status >= 500;
        var retryAfter = response.Headers.RetryAfter?.Delta
            ?? (response.Headers.RetryAfter?.Date is { } date ? date - DateTimeOffset.UtcNow : null);
        return new VertexCallException(status, error?.Status, error?.Message ?? response.ReasonPhrase ?? "no message", retryAfter, transient);
    }
}
