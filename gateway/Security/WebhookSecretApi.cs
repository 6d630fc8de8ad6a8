using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Orchestrator.GrainInterfaces;
using Orchestrator.Gateway.Admin;
using Orchestrator.Gateway.Http;

namespace Orchestrator.Gateway.Security;

/// <summary>
/// A tenant's optional <c>/webhook</c> shared secret: create or rotate it (shown once), see whether one is set, remove
/// it. Once set, <c>POST /webhook</c> calls for the tenant without the right <c>X-Webhook-Secret</c> get <c>401</c>.
/// </summary>
internal static class WebhookSecretApi
{
    private const string Route = "/businesses/{isletme_id}/webhook-secret";

    public static RouteGroupBuilder MapWebhookSecretRoutes(this RouteGroupBuilder tenant)
    {
        tenant.MapPost(Route, CreateSecret);
        tenant.MapGet(Route, GetSecret);
        tenant.MapDelete(Route, RemoveSecret);
        return tenant;
    }

    public static async Task<Results<Created<CreatedWebhookSecretResponse>, ProblemHttpResult>> CreateSecret(
        [FromRoute(Name = "isletme_id")] string isletmeId, IGrainFactory grains, WebhookSecrets secrets)
    {
        if (await CheckTenantAsync(isletmeId, grains) is { } problem)
        {
            return problem;
        }

        var created = await grains.GetApiKeys(isletmeId).CreateWebhookSecret();
        secrets.Forget(isletmeId);
        return TypedResults.Created(
            $"/admin/businesses/{isletmeId}/webhook-secret",
            new CreatedWebhookSecretResponse(isletmeId, created.Secret, WebhookSecrets.Header, created.CreatedAt));
    }

    public static async Task<Results<Ok<WebhookSecretResponse>, ProblemHttpResult>> GetSecret(
        [FromRoute(Name = "isletme_id")] string isletmeId, IGrainFactory grains)
    {
        if (await CheckTenantAsync(isletmeId, grains) is { } problem)
        {
            return problem;
        }

        var info = await grains.GetApiKeys(isletmeId).GetWebhookSecret();
        return TypedResults.Ok(new WebhookSecretResponse(isletmeId, info is not null, WebhookSecrets.Header, info?.CreatedAt));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RemoveSecret(
        [FromRoute(Name = "isletme_id")] string isletmeId, IGrainFactory grains, WebhookSecrets secrets)
    {
        if (await CheckTenantAsync(isletmeId, grains) is { } problem)
        {
            return problem;
        }

        var removed = await grains.GetApiKeys(isletmeId).RemoveWebhookSecret();
        secrets.Forget(isletmeId);
        return removed
            ? TypedResults.NoContent()
            : Problems.NotFound("isletme_id", $"Business '{isletmeId}' has no webhook secret.");
    }

    private static async Task<ProblemHttpResult?> CheckTenantAsync(string isletmeId, IGrainFactory grains) =>
        AdminApi.CheckBusinessId(isletmeId) ?? await AdminApi.RequireBusinessAsync(grains, isletmeId);
}

/// <summary>The new secret, shown once: send it in the <c>header</c> named here with every <c>POST /webhook</c>.</summary>
public sealed record CreatedWebhookSecretResponse(string IsletmeId, string Secret, string Header, DateTimeOffset CreatedAt);

public sealed record WebhookSecretResponse(string IsletmeId, bool Required, string Header, DateTimeOffset? CreatedAt);
