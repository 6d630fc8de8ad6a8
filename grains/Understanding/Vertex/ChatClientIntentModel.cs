using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Orchestrator.Grains.Understanding.Vertex;

/// <summary>
/// The LLM contract over any Microsoft.Extensions.AI chat client (Gemini on Vertex AI here): builds the prompt,
/// asks for JSON output with the contract's schema, and turns what comes back into a <see cref="ModelResponse"/>
/// (a response the caller cannot use carries its <c>Problem</c>) or an <see cref="LlmUnavailableException"/>.
/// </summary>
public sealed partial class ChatClientIntentModel(
    IChatClient chat,
    string name,
    string configuredModel,
    VertexOptions options,
    ILogger<ChatClientIntentModel> logger) : IIntentModel
{
    private readonly ConcurrentDictionary<string, byte> _reportedConfigurationErrors = new(StringComparer.Ordinal);

    public string Name => name;

    public async ValueTask<ModelResponse> CompleteAsync(ModelRequest request, CancellationToken cancellationToken)
    {
        var messages = UnderstandingPrompt.Messages(request, options.MaxProductNamesInPrompt, options.HistoryTurns);
        var chatOptions = new ChatOptions
        {
            Temperature = (float)options.Temperature,
            MaxOutputTokens = options.MaxOutputTokens,
            ResponseFormat = ChatResponseFormat.ForJsonSchema(UnderstandingPrompt.ResponseSchema, "understanding"),
        };

        ChatResponse response;
        try
        {
            response = await chat.GetResponseAsync(messages, chatOptions, cancellationToken);
        }
        catch (VertexCallException exception)
        {
            var kind = Kind(exception);
            if (!exception.IsTransient && _reportedConfigurationErrors.TryAdd($"{(int)exception.Status} {exception.Message}", 0))
            {
                // 400/401/403/404 mean the settings are wrong: say so loudly, once per distinct error.
                LogConfigurationError(logger, (int)exception.Status, exception.GoogleStatus, exception.Message);
            }

            throw new LlmUnavailableException($"{(int)exception.Status} {exception.GoogleStatus}".Trim(), exception, kind);
        }
        catch (BrokenCircuitException exception)
        {
            throw new LlmUnavailableException("circuit open: Vertex AI failed repeatedly, calls are paused", exception, "circuit_open");
        }
        catch (TimeoutRejectedException exception)
        {
            throw new LlmUnavailableException("timed out", exception, "timeout");
        }
        catch (HttpRequestException exception)
        {
            throw new LlmUnavailableException($"transport error: {exception.Message}", exception, "transport");
        }
        catch (TaskCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw new LlmUnavailableException("timed out", exception, "timeout");
        }

        var usage = response.Usage is { } details
            ? new TokenUsage((int)(details.InputTokenCount ?? 0), (int)(details.OutputTokenCount ?? 0), (int)(details.TotalTokenCount ?? 0))
            : TokenUsage.None;
        return new ModelResponse(response.Text, response.ModelId ?? configuredModel, usage, Problem(response));
    }

    /// <summary>Why a response cannot be used whatever its text: a blocked prompt, a truncated or filtered answer.</summary>
    internal static string? Problem(ChatResponse response)
    {
        if (response.AdditionalProperties?.TryGetValue(VertexGeminiChatClient.BlockReasonKey, out var block) == true)
        {
            return $"the model returned no candidates (blocked: {block})";
        }

        if (response.FinishReason is { } finish && finish != ChatFinishReason.Stop)
        {
            var reason = response.AdditionalProperties?.TryGetValue(VertexGeminiChatClient.FinishReasonKey, out var raw) == true ? raw : finish.Value;
            return $"the model stopped with finish reason {reason}";
        }

        return string.IsNullOrWhiteSpace(response.Text) ? "the model returned no text" : null;
    }

    private static string Kind(VertexCallException exception) => exception.Status switch
    {
        HttpStatusCode.TooManyRequests => "rate_limited",
        HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => "auth",
        HttpStatusCode.NotFound => "not_found",
        HttpStatusCode.BadRequest => "bad_request",
        HttpStatusCode.GatewayTimeout or HttpStatusCode.RequestTimeout => "timeout",
        _ when (int)exception.Status >= 500 => "server_error",
        _ => "error",
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "Vertex AI rejected the call as misconfigured ({Status} {GoogleStatus}): {Reason}. Check GEMINI_MODEL_NAME, GOOGLE_CLOUD_PROJECT, GOOGLE_CLOUD_LOCATION and the credentials.")]
    private static partial void LogConfigurationError(ILogger logger, int status, string? googleStatus, string reason);
}
