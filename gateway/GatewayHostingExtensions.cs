using System.Text.Json;
using System.Text.Json.Serialization;
using Orchestrator.Gateway.Admin;
using Orchestrator.Gateway.Agent;
using Orchestrator.Gateway.Channels;
using Orchestrator.Gateway.Http;
using Orchestrator.Gateway.Operations;
using Orchestrator.Gateway.Security;
using Orchestrator.Gateway.Webhook;
using Orchestrator.Silo.Hosting;
using Orchestrator.Silo.Persistence;
using Orleans.Configuration;

namespace Orchestrator.Gateway;

/// <summary>The gateway's registrations and routes, so <c>Program</c> stays a few lines.</summary>
public static class GatewayHostingExtensions
{
    public static WebApplicationBuilder AddOrchestratorGateway(this WebApplicationBuilder builder)
    {
        builder.Configuration.AddLegacyEnvironmentVariables();
        builder.Logging.AddOrchestratorJsonConsole();

        builder.Services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var api = builder.Configuration.GetSection(ApiOptions.Section).Get<ApiOptions>() ?? new ApiOptions();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = Math.Max(api.AdminMaxBodyBytes, api.WebhookMaxBodyBytes);
        });
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey])
            && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_HTTP_PORTS"]))
        {
            builder.WebHost.UseUrls($"http://{api.Host}:{api.Port}");
        }

        builder.Services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.TypeInfoResolverChain.Insert(0, GatewayJsonContext.Default);
            options.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            options.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        });
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Instance ??= context.HttpContext.Request.Path;
            context.ProblemDetails.Extensions["request_id"] = context.HttpContext.TraceIdentifier;
        });
        builder.Services.AddExceptionHandler<DependencyFailureHandler>();
        builder.Services.AddOpenApi();
        var mode = DeploymentMode.From(builder.Configuration);
        var auth = builder.Services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section);
        if (!mode.IsCluster)
        {
            auth.PostConfigure(options => options.OperatorKey ??= AuthOptions.EmbeddedDefaultKey);
        }

        auth.Validate(
                options => options.OperatorKey is { Length: >= 16 } key && !key.Any(char.IsWhiteSpace),
                "Auth:OperatorKey (OPERATOR_API_KEY) must be set to at least 16 characters without spaces in cluster mode.")
            .Validate(
                options => options.WebhookSecretCacheTtl >= TimeSpan.Zero && options.WebhookSecretCacheTtl <= TimeSpan.FromMinutes(5),
                "Auth:WebhookSecretCacheTtl must be between 00:00:00 and 00:05:00.")
            .ValidateOnStart();
        builder.Services.AddSingleton<WebhookSecrets>();
        builder.Services.AddHealthChecks()
            .AddCheck<OrleansClusterHealthCheck>("orleans", tags: [DependencyHealthCheckExtensions.ReadyTag])
            .AddOrchestratorDependencies(builder.Services, mode);
        builder.Services.AddSingleton(new GatewayMode(mode.IsCluster ? "cluster" : "embedded"));
        if (mode.IsCluster)
        {
            var redis = ConnectionSettings.Redis(mode.RedisUrl!);
            var orleans = builder.Configuration.GetSection(OrleansHostingOptions.Section).Get<OrleansHostingOptions>() ?? new();
            builder.UseOrleansClient(client =>
            {
                client
                    .Configure<ClusterOptions>(options =>
                    {
                        options.ClusterId = orleans.ClusterId;
                        options.ServiceId = orleans.ServiceId;
                    })
                    .UseRedisClustering(options => options.ConfigurationOptions = redis);
                if (TelemetryHostingExtensions.ExportsTraces(builder.Configuration))
                {
                    client.AddActivityPropagation();
                }
            });
            builder.Services.Configure<ClientMessagingOptions>(builder.Configuration.GetSection("Orleans:Messaging"));
            builder.Services.AddOrchestratorExceptionSerialization();
        }
        else
        {
            builder.AddOrchestratorSilo();
        }

        builder.AddOrchestratorTelemetry("orchestrator-gateway");
        builder.AddOrchestratorHardening();
        return builder;
    }

    public static WebApplication MapOrchestratorGateway(this WebApplication app)
    {
        if (app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<AuthOptions>>().Value.OperatorKey == AuthOptions.EmbeddedDefaultKey)
        {
            GatewayLog.DevelopmentOperatorKey(app.Logger);
        }

        app.UseMiddleware<RequestIdMiddleware>();
        app.UseOrchestratorHardening();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapOpenApi();
        app.MapOrchestratorHealth(app.Services.GetRequiredService<GatewayMode>().Name);
        app.MapWebhookApi();
        app.MapChannelsApi();
        app.MapAdminApi();
        app.MapIntegrationsApi();
        app.MapAgentApi();
        app.MapOperationsApi();
        app.MapOrchestratorMetrics();
        if (app.Services.GetRequiredService<GatewayMode>().Name != "cluster")
        {
            // Embedded mode hosts the silo in this process, so its dashboard (when on) is served here.
            app.MapOrchestratorDashboard();
        }

        return app;
    }
}

internal static partial class GatewayLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "No operator key is set: embedded mode accepts the development key from the README. Set Auth__OperatorKey (OPERATOR_API_KEY) before exposing this gateway.")]
    public static partial void DevelopmentOperatorKey(ILogger logger);
}
