using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Orchestrator.GrainInterfaces;
using Orchestrator.Gateway.Admin;
using Orchestrator.Gateway.Http;

namespace Orchestrator.Gateway.Security;

/// <summary>The operator's routes for a tenant's API keys: create (the key is shown once), list, revoke.</summary>
internal static class ApiKeysApi
{
    private const int MaxNameLength = 100;

    public static RouteGroupBuilder MapApiKeyRoutes(this RouteGroupBuilder operatorOnly)
    {
        operatorOnly.MapPost("/businesses/{isletme_id}/api-keys", CreateKey).Accepts<CreateApiKeyRequest>("application/json");
        operatorOnly.MapGet("/businesses/{isletme_id}/api-keys", ListKeys);
        operatorOnly.MapDelete("/businesses/{isletme_id}/api-keys/{key_id}", RevokeKey);
        return operatorOnly;
    }

    public static async Task<Results<Created<CreatedApiKeyResponse>, ProblemHttpResult>> CreateKey(
        [FromRoute(Name = "isletme_id")] string isletmeId, HttpRequest request, IGrainFactory grains, IOptions<ApiOptions> options)
    {
        if (AdminApi.CheckBusinessId(isletmeId) is { } invalid)
        {
            return invalid;
        }

        var body = await JsonBody.ReadAsync(request, GatewayJsonContext.Default.CreateApiKeyRequest, options.Value.AdminMaxBodyBytes);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        var name = body.Value!.Name;
        var errors = new FieldErrors().Check("name",
            string.IsNullOrWhiteSpace(name) ? "is required (say who or what uses the key)."
            : name.Trim().Length > MaxNameLength ? $"must be at most {MaxNameLength} characters."
            : name.Any(char.IsControl) ? "must not contain control characters."
            : null);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        if (await AdminApi.RequireBusinessAsync(grains, isletmeId) is { } missing)
        {
            return missing;
        }

        if (await grains.GetApiKeys(isletmeId).Create(name!.Trim()) is not { } created)
        {
            return Problems.Conflict("key_id",
                $"Business '{isletmeId}' already has {ITenantApiKeysGrain.MaxActiveKeys} active keys; revoke one first.");
        }

        return TypedResults.Created(
            $"/admin/businesses/{isletmeId}/api-keys/{created.Info.KeyId}",
            new CreatedApiKeyResponse(created.Info.KeyId, created.Info.Name, created.Key, created.Info.CreatedAt));
    }

    public static async Task<Results<Ok<ApiKeyListResponse>, ProblemHttpResult>> ListKeys(
        [FromRoute(Name = "isletme_id")] string isletmeId, IGrainFactory grains)
    {
        if (AdminApi.CheckBusinessId(isletmeId) is { } invalid)
        {
            return invalid;
        }

        var keys = await grains.GetApiKeys(isletmeId).List();
        return TypedResults.Ok(new ApiKeyListResponse(isletmeId, [.. keys.Select(k => new ApiKeyResponse(k.KeyId, k.Name, k.CreatedAt, k.RevokedAt, k.LastUsedAt))]));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeKey(
        [FromRoute(Name = "isletme_id")] string isletmeId, [FromRoute(Name = "key_id")] string keyId, IGrainFactory grains)
    {
        if (AdminApi.CheckBusinessId(isletmeId) is { } invalid)
        {
            return invalid;
        }

        return await grains.GetApiKeys(isletmeId).Revoke(keyId)
            ? TypedResults.NoContent()
            : Problems.NotFound("key_id", $"Business '{isletmeId}' has no active key '{keyId}'.");
    }
}

public sealed record CreateApiKeyRequest(string? Name);

/// <summary>The new key; <c>key</c> is shown this once and cannot be read again.</summary>
public sealed record CreatedApiKeyResponse(string KeyId, string Name, string Key, DateTimeOffset CreatedAt);

public sealed record ApiKeyResponse(string KeyId, string Name, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt, DateTimeOffset? LastUsedAt);

public sealed record ApiKeyListResponse(string IsletmeId, ApiKeyResponse[] Items);
