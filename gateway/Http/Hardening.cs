using System.Net;
using System.Threading.RateLimiting;
using Orchestrator.Grains.Limits;

namespace Orchestrator.Gateway.Http;

/// <summary>
/// The gateway's outer defences: a coarse per-IP request limit (the exact per-tenant and per-user limits live in the
/// grains), CORS only for the origins in settings (none by default), security headers, and header limits.
/// </summary>
internal static class Hardening
{
    public const string CorsPolicy = "configured-origins";
    public const string IpPolicy = "per-ip";

    /// <summary>Which of the optional middlewares this gateway runs: only those with something to do.</summary>
    private sealed record Enabled(bool Cors, bool PerIpLimit);

    public static WebApplicationBuilder AddOrchestratorHardening(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
            kestrel.Limits.MaxRequestHeaderCount = 64;
            kestrel.Limits.MaxRequestLineSize = 8 * 1024;
        });

        var origins = builder.Configuration.GetSection("Cors:AllowedOrigins").Get<string[]>()?
            .Where(o => !string.IsNullOrWhiteSpace(o)).ToArray() ?? [];
        builder.Services.AddCors(cors => cors.AddPolicy(CorsPolicy, policy =>
        {
            if (origins.Length > 0)
            {
                policy.WithOrigins(origins).WithMethods("GET", "POST", "PUT", "PATCH", "DELETE")
                    .WithHeaders("Content-Type", "X-API-Key", "X-Request-ID").WithExposedHeaders("X-Request-ID", "Retry-After");
            }
        }));

        var perMinute = builder.Configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>()?.PerIpPerMinute ?? new RateLimitOptions().PerIpPerMinute;
        builder.Services.AddSingleton(new Enabled(origins.Length > 0, perMinute > 0));
        // Used only when the limit is on (UseOrchestratorHardening).
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                IsInfrastructure(context.Request.Path)
                    ? RateLimitPartition.GetNoLimiter("exempt")
                    : RateLimitPartition.GetFixedWindowLimiter("ip:" + (context.Connection.RemoteIpAddress ?? IPAddress.None), _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = perMinute,
                        Window = TimeSpan.FromMinutes(1),
                        QueueLimit = 0,
                    }));
            limiter.OnRejected = async (rejected, cancellationToken) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
                var problem = Problems.TooManyRequests(rejected.HttpContext, retryAfter, "client",
                    "Too many requests from this address; slow down and retry after Retry-After seconds.");
                await problem.ExecuteAsync(rejected.HttpContext);
            };
        });
        return builder;
    }

    public static WebApplication UseOrchestratorHardening(this WebApplication app)
    {
        app.Use(static (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers.ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";
            if (context.Request.Path.StartsWithSegments("/admin") || context.Request.Path.StartsWithSegments("/agent"))
            {
                headers.CacheControl = "no-store";
            }

            return next(context);
        });

        // With no origins allowed and no per-IP limit, the CORS and rate-limiting middlewares would only cost every
        // request a few allocations (an items dictionary, a lease, two async frames) for a decision known at startup.
        var enabled = app.Services.GetRequiredService<Enabled>();
        if (enabled.Cors)
        {
            app.UseCors(CorsPolicy);
        }

        if (enabled.PerIpLimit)
        {
            app.UseRateLimiter();
        }

        return app;
    }

    private static bool IsInfrastructure(PathString path) =>
        path.StartsWithSegments("/health") || path.StartsWithSegments("/metrics");
}
