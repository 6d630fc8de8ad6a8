using Microsoft.AspNetCore.Diagnostics;
using Orchestrator.GrainInterfaces;

namespace Orchestrator.Gateway.Http;

/// <summary>
/// Maps exceptions that escape a handler to problem details: a dependency that is down or timed out (the silo, the
/// database behind it) → 503 with <c>Retry-After</c>; anything else → 500 without internals. Both are logged.
/// </summary>
internal sealed partial class DependencyFailureHandler(ILogger<DependencyFailureHandler> logger) : IExceptionHandler
{
    private const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (context.RequestAborted.IsCancellationRequested)
        {
            return true;
        }

        if (IsUnavailable(exception))
        {
            LogUnavailable(logger, exception.GetType().Name, exception.Message);
            context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await Problems.Unavailable("The service cannot reach one of its dependencies right now; retry shortly.").ExecuteAsync(context);
            return true;
        }

        LogUnexpected(logger, exception);
        await Problems.Internal().ExecuteAsync(context);
        return true;
    }

    /// <summary>True for failures that are about reachability, not about the request.</summary>
    internal static bool IsUnavailable(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case TimeoutException:
                case SiloUnavailableException:
                case Orleans.Runtime.Messaging.ConnectionFailedException:
                case OrleansMessageRejectionException:
                case GatewayTooBusyException:
                case System.Net.Sockets.SocketException:
                case DependencyUnavailableException:
                    return true;
                case Npgsql.NpgsqlException when Silo.Persistence.Postgres.IsUnavailable(current):
                    return true;
            }
        }

        return false;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A dependency is unavailable ({ExceptionType}): {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string exceptionType, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error")]
    private static partial void LogUnexpected(ILogger logger, Exception exception);
}
