using System.Collections.Immutable;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Orchestrator.GrainInterfaces;
using Orchestrator.Gateway.Http;
using Orchestrator.Gateway.Security;
using Orchestrator.Grains.Integrations;

namespace Orchestrator.Gateway.Admin;

/// <summary>
/// A tenant's integrations (signed escalation webhook, WhatsApp, Telegram): set, list, read and remove. Secrets are
/// write-only: responses show only their last four characters.
/// </summary>
internal static class IntegrationsApi
{
    public static IEndpointRouteBuilder MapIntegrationsApi(this IEndpointRouteBuilder routes)
    {
        var integrations = routes.MapGroup("/admin/businesses/{isletme_id}/integrations").WithTags("Admin").RequireApiKey(ApiKeyScope.Tenant)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);

        integrations.MapGet("", ListIntegrations);
        integrations.MapGet("/{kind}", GetIntegration);
        integrations.MapPut("/{kind}", SetIntegration).Accepts<SetIntegrationRequest>("application/json").ProducesProblem(StatusCodes.Status409Conflict);
        integrations.MapDelete("/{kind}", RemoveIntegration);
        return routes;
    }

    public static async Task<Results<Ok<IntegrationListResponse>, ProblemHttpResult>> ListIntegrations(
        [FromRoute(Name = "isletme_id")] string isletmeId, IGrainFactory grains)
    {
        if (AdminApi.CheckBusinessId(isletmeId) is { } invalid)
        {
            return invalid;
        }

        return await grains.GetBusiness(isletmeId).GetIntegrations() is { } all
            ? TypedResults.Ok(new IntegrationListResponse(isletmeId, [.. all.OrderBy(i => i.Kind, StringComparer.Ordinal).Select(IntegrationResponse.From)]))
            : AdminApi.BusinessNotFound(isletmeId);
    }

    public static async Task<Results<Ok<IntegrationResponse>, ProblemHttpResult>> GetIntegration(
        [FromRoute(Name = "isletme_id")] string isletmeId, string kind, IGrainFactory grains)
    {
        if (CheckRoute(isletmeId, kind) is { } invalid)
        {
            return invalid;
        }

        if (await grains.GetBusiness(isletmeId).GetIntegrations() is not { } all)
        {
            return AdminApi.BusinessNotFound(isletmeId);
        }

        return all.FirstOrDefault(i => i.Kind == kind) is { } found
            ? TypedResults.Ok(IntegrationResponse.From(found))
            : IntegrationNotFound(isletmeId, kind);
    }

    public static async Task<Results<Ok<IntegrationResponse>, ProblemHttpResult>> SetIntegration(
        [FromRoute(Name = "isletme_id")] string isletmeId, string kind, HttpRequest request, IGrainFactory grains, IOptions<ApiOptions> options)
    {
        if (CheckRoute(isletmeId, kind) is { } invalid)
        {
            return invalid;
        }

        var body = await JsonBody.ReadAsync(request, GatewayJsonContext.Default.SetIntegrationRequest, options.Value.AdminMaxBodyBytes);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        var input = body.Value!;
        var errors = new FieldErrors();
        foreach (var (field, message) in IntegrationKinds.Check(kind, input.Settings, input.Secrets))
        {
            errors.Check(field, message);
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var settings = (input.Settings ?? []).ToImmutableSortedDictionary(p => p.Key, p => p.Value.Trim(), StringComparer.Ordinal);
        var secrets = (input.Secrets ?? []).ToImmutableSortedDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var result = await grains.GetBusiness(isletmeId).SetIntegration(new IntegrationSettings(isletmeId, kind, settings, secrets, default));
        return result.Status switch
        {
            AdminStatus.Ok => TypedResults.Ok(IntegrationResponse.From(result.Value!)),
            AdminStatus.AlreadyExists => Problems.Conflict(
                "settings." + IntegrationKinds.PhoneNumberId, "Another business already uses this WhatsApp phone number id."),
            _ => AdminApi.BusinessNotFound(isletmeId),
        };
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RemoveIntegration(
        [FromRoute(Name = "isletme_id")] string isletmeId, string kind, IGrainFactory grains)
    {
        if (CheckRoute(isletmeId, kind) is { } invalid)
        {
            return invalid;
        }

        return await grains.GetBusiness(isletmeId).RemoveIntegration(kind)
            ? TypedResults.NoContent()
            : IntegrationNotFound(isletmeId, kind);
    }

    private static ProblemHttpResult? CheckRoute(string isletmeId, string kind)
    {
        var errors = new FieldErrors()
            .Check("isletme_id", Grains.Businesses.BusinessRules.CheckId(isletmeId))
            .Check("kind", IntegrationKinds.All.Contains(kind) ? null : $"must be one of: {string.Join(", ", IntegrationKinds.All)}.");
        return errors.Any ? errors.ToProblem() : null;
    }

    private static ProblemHttpResult IntegrationNotFound(string isletmeId, string kind) =>
        Problems.NotFound("kind", $"Business '{isletmeId}' has no '{kind}' integration (or does not exist).");
}

/// <summary>An integration's settings and secrets; a PUT replaces the whole integration.</summary>
public sealed record SetIntegrationRequest(Dictionary<string, string>? Settings, Dictionary<string, string>? Secrets);

public sealed record IntegrationResponse(
    string IsletmeId,
    string Kind,
    ImmutableSortedDictionary<string, string> Settings,
    ImmutableSortedDictionary<string, string> Secrets,
    DateTimeOffset UpdatedAt)
{
    public static IntegrationResponse From(IntegrationSettings integration) => new(
        integration.BusinessId, integration.Kind, integration.Settings,
        integration.Secrets.ToImmutableSortedDictionary(p => p.Key, p => IntegrationKinds.Mask(p.Value), StringComparer.Ordinal),
        integration.UpdatedAt);
}

public sealed record IntegrationListResponse(string IsletmeId, IntegrationResponse[] Items);
