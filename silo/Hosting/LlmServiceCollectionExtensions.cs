using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Orchestrator.Grains.Understanding;
using Orchestrator.Grains.Understanding.LocalModel;
using Orchestrator.Grains.Understanding.Vertex;
using Polly;

namespace Orchestrator.Silo.Hosting;

/// <summary>Chooses and registers the model: the built-in local model, or Gemini on Vertex AI with its resilience pipeline.</summary>
public static class LlmServiceCollectionExtensions
{
    /// <param name="clusterMode">Vertex is the default provider only in cluster mode; embedded mode stays local unless told otherwise.</param>
    public static IServiceCollection AddOrchestratorLlm(this IServiceCollection services, IConfiguration configuration, bool clusterMode)
    {
        services.AddOptions<LlmOptions>().BindConfiguration(LlmOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddHostedService<IntentModelWarmUp>();
        services.AddOptions<VertexOptions>().BindConfiguration($"{LlmOptions.Section}:Vertex").ValidateDataAnnotations().ValidateOnStart();

        var options = configuration.GetSection(LlmOptions.Section).Get<LlmOptions>() ?? new LlmOptions();
        var provider = options.Provider ?? (clusterMode && !string.IsNullOrWhiteSpace(options.Vertex.Model) ? LlmOptions.VertexProvider : LlmOptions.Local);
        if (provider != LlmOptions.VertexProvider)
        {
            services.AddSingleton<IIntentModel>(_ => new LocalIntentModel());
            return services;
        }

        var vertex = options.Vertex;
        VertexModelResource resource;
        try
        {
            resource = VertexModelResource.Parse(vertex.Model, vertex.Project, vertex.Location);
        }
        catch (FormatException exception)
        {
            throw new SettingsException("GEMINI_MODEL_NAME", exception.Message);
        }

        services.AddSingleton(resource);
        services.AddSingleton<IAccessTokenSource>(_ => string.IsNullOrWhiteSpace(vertex.AccessToken)
            ? new GoogleAccessTokenSource(vertex.CredentialsFile)
            : new StaticAccessTokenSource(vertex.AccessToken));

        services.AddHttpClient(VertexGeminiChatClient.HttpClientName, client =>
            {
                client.BaseAddress = resource.BaseAddress(vertex.BaseUrl);
                client.Timeout = Timeout.InfiniteTimeSpan; // the resilience pipeline owns the timeouts
            })

            // HttpClientFactory's logging handlers open a log scope with the redacted URL for every call, logged or
            // not (a few strings and a scope object per new question); model calls are measured and their failures
            // logged by ChatClientIntentModel and LlmTelemetry instead.
            .RemoveAllLoggers()
            .AddResilienceHandler("vertex", (pipeline, context) => ConfigureResilience(
                pipeline,
                context.ServiceProvider.GetRequiredService<IOptions<VertexOptions>>().Value,
                context.ServiceProvider.GetRequiredService<TimeProvider>()));

        services.AddSingleton<IIntentModel>(sp => new ChatClientIntentModel(
            new VertexGeminiChatClient(
                sp.GetRequiredService<IHttpClientFactory>().CreateClient(VertexGeminiChatClient.HttpClientName),
                sp.GetRequiredService<IAccessTokenSource>(),
                resource),
            LlmOptions.VertexProvider,
            resource.Path,
            sp.GetRequiredService<IOptions<VertexOptions>>().Value,
            sp.GetRequiredService<ILogger<ChatClientIntentModel>>()));
        return services;
    }

    /// <summary>
    /// Total timeout, then retries (429, 5xx, transport errors and attempt timeouts; jittered exponential backoff;
    /// a Retry-After header sets the delay), then a circuit breaker, then the per-attempt timeout. 400/401/403/404
    /// are not retried: trying again cannot fix a wrong setting.
    /// </summary>
    public static void ConfigureResilience(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, VertexOptions options, TimeProvider time)
    {
        pipeline.TimeProvider = time;
        pipeline.AddTimeout(new HttpTimeoutStrategyOptions { Timeout = options.TotalTimeout });
        if (options.MaxRetries > 0)
        {
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetries,
                Delay = options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldRetryAfterHeader = true,
            });
        }

        pipeline
            .AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
            {
                FailureRatio = options.FailureRatio,
                MinimumThroughput = options.MinimumThroughput,
                SamplingDuration = options.SamplingDuration,
                BreakDuration = options.BreakDuration,
            })
            .AddTimeout(new HttpTimeoutStrategyOptions { Timeout = options.AttemptTimeout });
    }
}
