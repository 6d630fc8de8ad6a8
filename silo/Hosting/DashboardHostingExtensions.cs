using System.Net.Http.Headers;
using System.Text;
using Orchestrator.Grains.Security;
using Orleans.Dashboard;

namespace Orchestrator.Silo.Hosting;

/// <summary>
/// The Orleans dashboard (<c>Dashboard</c> section), off by default: it profiles every grain call, which costs
/// throughput. When on, it is served under <see cref="DashboardSettings.Path"/> on the silo's HTTP port and asks for
/// the operator key, as HTTP Basic password (any user name, so a browser can log in) or as <c>X-API-Key</c>.
/// </summary>
public static class DashboardHostingExtensions
{
    public static DashboardSettings DashboardSettingsFrom(IConfiguration configuration) =>
        configuration.GetSection(DashboardSettings.Section).Get<DashboardSettings>() ?? new();

    /// <summary>Adds the dashboard's services to the silo when the dashboard is on.</summary>
    public static ISiloBuilder AddOrchestratorDashboard(this ISiloBuilder silo, IConfiguration configuration)
    {
        var settings = DashboardSettingsFrom(configuration);
        if (!settings.Enabled)
        {
            return silo;
        }

        if (string.IsNullOrWhiteSpace(OperatorKey(configuration)))
        {
            throw new SettingsException("Dashboard:Enabled", "the dashboard needs the operator key (OPERATOR_API_KEY) to protect it.");
        }

        return silo.AddDashboard(options => options.HideTrace = true);
    }

    /// <summary>Maps the dashboard behind the operator key when it is on; does nothing otherwise.</summary>
    public static IEndpointRouteBuilder MapOrchestratorDashboard(this IEndpointRouteBuilder routes)
    {
        var configuration = routes.ServiceProvider.GetRequiredService<IConfiguration>();
        var settings = DashboardSettingsFrom(configuration);
        if (!settings.Enabled)
        {
            return routes;
        }

        var key = OperatorKey(configuration)!;
        routes.MapOrleansDashboard(settings.Path).AddEndpointFilter(async (context, next) =>
            PresentsKey(context.HttpContext.Request, key)
                ? await next(context)
                : Challenge(context.HttpContext));
        return routes;
    }

    /// <summary>True when the request carries the operator key as Basic password or in <c>X-API-Key</c> (constant-time).</summary>
    public static bool PresentsKey(HttpRequest request, string operatorKey)
    {
        if (request.Headers["X-API-Key"].ToString() is { Length: > 0 } apiKey)
        {
            return ApiKeys.SameSecret(operatorKey, apiKey);
        }

        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase)
            || header.Parameter is null)
        {
            return false;
        }

        try
        {
            var credentials = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
            var colon = credentials.IndexOf(':', StringComparison.Ordinal);
            return colon >= 0 && ApiKeys.SameSecret(operatorKey, credentials[(colon + 1)..]);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static IResult Challenge(HttpContext context)
    {
        context.Response.Headers.WWWAuthenticate = "Basic realm=\"Orleans dashboard\", charset=\"UTF-8\"";
        return Results.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "The operator key is required.",
            detail: "Log in with any user name and the operator key as password, or send it in X-API-Key.");
    }

    private static string? OperatorKey(IConfiguration configuration)
    {
        var key = configuration["Auth:OperatorKey"];
        return string.IsNullOrWhiteSpace(key) && !DeploymentMode.From(configuration).IsCluster ? DeploymentMode.EmbeddedOperatorKey : key;
    }
}

/// <summary>The <c>Dashboard</c> settings section.</summary>
public sealed class DashboardSettings
{
    public const string Section = "Dashboard";

    /// <summary>Serve the Orleans dashboard on the silo's HTTP port. Off by default.</summary>
    public bool Enabled { get; set; }

    /// <summary>Where the dashboard is served.</summary>
    public string Path { get; set; } = "/dashboard";
}
