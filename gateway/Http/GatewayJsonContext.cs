using System.Text.Json.Serialization;
using Orchestrator.Gateway.Admin;
using Orchestrator.Gateway.Operations;
using Orchestrator.Gateway.Webhook;

namespace Orchestrator.Gateway.Http;

/// <summary>
/// Source-generated JSON for every request and response body: snake_case names (the original design's contract),
/// strict reading (duplicate properties rejected, numbers only as numbers), nulls omitted on output.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DictionaryKeyPolicy = JsonKnownNamingPolicy.Unspecified,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    AllowDuplicateProperties = false,
    MaxDepth = 32)]
[JsonSerializable(typeof(WebhookRequest))]
[JsonSerializable(typeof(WebhookResponse))]
[JsonSerializable(typeof(CreateBusinessRequest))]
[JsonSerializable(typeof(UpdateBusinessRequest))]
[JsonSerializable(typeof(UpdateMetaRequest))]
[JsonSerializable(typeof(CreateProductRequest))]
[JsonSerializable(typeof(UpdateProductRequest))]
[JsonSerializable(typeof(BusinessResponse))]
[JsonSerializable(typeof(BusinessListResponse))]
[JsonSerializable(typeof(ProductResponse))]
[JsonSerializable(typeof(ProductListResponse))]
[JsonSerializable(typeof(CacheInvalidationResponse))]
[JsonSerializable(typeof(CacheStatisticsResponse))]
[JsonSerializable(typeof(BusinessStatisticsResponse))]
[JsonSerializable(typeof(SetLlmBudgetRequest))]
[JsonSerializable(typeof(LlmBudgetResponse))]
[JsonSerializable(typeof(Orchestrator.Gateway.Channels.ChannelIntakeResponse))]
[JsonSerializable(typeof(Orchestrator.Gateway.Security.CreatedWebhookSecretResponse))]
[JsonSerializable(typeof(Orchestrator.Gateway.Security.WebhookSecretResponse))]
[JsonSerializable(typeof(Orchestrator.Gateway.Admin.SetIntegrationRequest))]
[JsonSerializable(typeof(Orchestrator.Gateway.Admin.IntegrationResponse))]
[JsonSerializable(typeof(Orchestrator.Gateway.Admin.IntegrationListResponse))]
[JsonSerializable(typeof(Orchestrator.Gateway.Agent.AssignTicketRequest))]
[JsonSerializable(typeof(Orchestrator.Gateway.Agent.ReplyTicketRequest))]
[JsonSerializable(typeof(Orchestrator.Gateway.Agent.ResolveTicketRequest))]
[JsonSerializable(typeof(Orchestrator.Gateway.Agent.ReopenTicketRequest))]
[JsonSerializable(typeof(Orchestrator.Gateway.Agent.TicketResponse))]
[JsonSerializable(typeof(Orchestrator.Gateway.Agent.TicketListResponse))]
[JsonSerializable(typeof(Orchestrator.Gateway.Security.CreateApiKeyRequest))]
[JsonSerializable(typeof(Orchestrator.Gateway.Security.CreatedApiKeyResponse))]
[JsonSerializable(typeof(Orchestrator.Gateway.Security.ApiKeyListResponse))]
[JsonSerializable(typeof(Microsoft.AspNetCore.Mvc.ProblemDetails))]
[JsonSerializable(typeof(HttpValidationProblemDetails))]
internal sealed partial class GatewayJsonContext : JsonSerializerContext;
