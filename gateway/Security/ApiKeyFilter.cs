using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Orchestrator.GrainInterfaces;
using Orchestrator.Gateway.Http;
using Orchestrator.Grains.Security;

namespace Orchestrator.Gateway.Security;

/// <summary>Who may call a route: the operator only, or the operator and the route's own tenant.</summary>
public enum ApiKeyScope
{
    Operator,
    Tenant,
}

/// <summary>
/// Checks <c>X-API-Key</c> before a handler runs. The operator key opens every route; a tenant key opens only the
/// routes of its own tenant (the <c>isletme_id</c> route value), checked by the tenant's key grain on every call so a
/// revocation takes effect at once. Missing or wrong keys are 401, a tenant key on another tenant's route 403.
/// </summary>
internal sealed class ApiKeyFilter(ApiKeyScope scope) : IEndpointFilter
{
    public const string Header = "X-API-Key";
    private const string TenantRouteValue = "isletme_id";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var operatorKey = http.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value.OperatorKey;
        var presented = http.Request.Headers[Header].ToString();
        if (presented.Length == 0)
        {
            return Unauthorized(http, "is required: send the operator key or this business's key in the X-API-Key header.");
        }

        if (operatorKey is not null && ApiKeys.SameSecret(operatorKey, presented))
        {
            return await next(context);
        }

        if (ApiKeys.Parse(presented) is not { } tenantKey
            || !await http.RequestServices.GetRequiredService<IGrainFactory>().GetApiKeys(tenantKey.BusinessId).Verify(tenantKey.KeyId, tenantKey.SecretHash))
        {
            return Unauthorized(http, "is not a valid key (unknown, revoked or mistyped).");
        }

        if (scope == ApiKeyScope.Operator)
        {
            return Forbidden("this route needs the operator key; a business key cannot use it.");
        }

        var routeTenant = http.Request.RouteValues[TenantRouteValue] as string;
        if (!string.Equals(routeTenant, tenantKey.BusinessId, StringComparison.Ordinal))
        {
            return Forbidden("this key belongs to another business.");
        }

        return await next(context);
    }

    private static ProblemHttpResult Unauthorized(HttpContext http, string message)
    {
        http.Response.Headers.WWWAuthenticate = $"ApiKey header=\"{Header}\"";
        return Problems.Unauthorized(Header, message);
    }

    private static ProblemHttpResult Forbidden(string message) => Problems.Forbidden(Header, message);
}

internal static class ApiKeyFilterExtensions
{
    public static TBuilder RequireApiKey<TBuilder>(this TBuilder builder, ApiKeyScope scope)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(new ApiKeyFilter(scope))
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
}
