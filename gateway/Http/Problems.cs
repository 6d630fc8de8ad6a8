using Microsoft.AspNetCore.Http.HttpResults;

namespace Orchestrator.Gateway.Http;

/// <summary>
/// RFC 7807 problem details for every error the API returns. Each names what was wrong and, where one field is at
/// fault, the field (<c>errors</c> maps field names to messages, as ASP.NET Core's validation problems do).
/// </summary>
internal static class Problems
{
    private const string TypeBase = "https://github.com/orchestrator-chatbot/orchestrator/blob/main/docs/problems.md#";

    public static ProblemHttpResult Validation(string field, string message) =>
        Validation(new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [message] });

    public static ProblemHttpResult Validation(IDictionary<string, string[]> errors)
    {
        var first = errors.First();
        return TypedResults.Problem(new HttpValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status400BadRequest,
            Type = TypeBase + "invalid-request",
            Title = "The request is invalid.",
            Detail = $"{first.Key}: {first.Value[0]}",
        });
    }

    public static ProblemHttpResult NotFound(string field, string detail) =>
        ForField(StatusCodes.Status404NotFound, "not-found", "Not found.", field, detail);

    public static ProblemHttpResult Conflict(string field, string detail) =>
        ForField(StatusCodes.Status409Conflict, "conflict", "Conflict.", field, detail);

    /// <summary>401: the API key in <paramref name="header"/> is missing or not valid.</summary>
    public static ProblemHttpResult Unauthorized(string header, string message, string title = "An API key is required.") =>
        ForField(StatusCodes.Status401Unauthorized, "unauthorized", title, header, message, $"{header}: {message}");

    /// <summary>403: the API key is valid but may not use this route.</summary>
    public static ProblemHttpResult Forbidden(string header, string message) =>
        ForField(StatusCodes.Status403Forbidden, "forbidden", "This key may not use this route.", header, message, $"{header}: {message}");

    /// <summary>429 with <c>Retry-After</c> in whole seconds (at least 1).</summary>
    public static ProblemHttpResult TooManyRequests(HttpContext context, TimeSpan retryAfter, string field, string detail)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return ForField(StatusCodes.Status429TooManyRequests, "rate-limited", "Too many requests.", field, detail);
    }

    /// <summary>A problem with one field at fault: <c>errors</c> names it, <c>detail</c> repeats the message.</summary>
    private static ProblemHttpResult ForField(int status, string type, string title, string field, string message, string? detail = null) =>
        TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [message] })
        {
            Status = status,
            Type = TypeBase + type,
            Title = title,
            Detail = detail ?? message,
        });

    public static ProblemHttpResult TooLarge(int maxBytes) => TypedResults.Problem(
        statusCode: StatusCodes.Status413PayloadTooLarge,
        type: TypeBase + "too-large",
        title: "The request body is too large.",
        detail: $"The body must be at most {maxBytes} bytes.");

    public static ProblemHttpResult UnsupportedMediaType() => TypedResults.Problem(
        statusCode: StatusCodes.Status415UnsupportedMediaType,
        type: TypeBase + "unsupported-media-type",
        title: "The request body must be JSON.",
        detail: "Send the body with Content-Type: application/json.");

    public static ProblemHttpResult Unavailable(string detail) => TypedResults.Problem(
        statusCode: StatusCodes.Status503ServiceUnavailable,
        type: TypeBase + "unavailable",
        title: "A dependency is unavailable.",
        detail: detail);

    public static ProblemHttpResult Internal() => TypedResults.Problem(
        statusCode: StatusCodes.Status500InternalServerError,
        type: TypeBase + "internal",
        title: "An unexpected error occurred.",
        detail: "The error has been logged with this request's id.");
}

/// <summary>Collects field problems of one request, so a client sees all of them at once.</summary>
internal sealed class FieldErrors
{
    // Made on the first problem: most requests have none.
    private Dictionary<string, string[]>? _errors;

    public bool Any => _errors is { Count: > 0 };

    /// <summary>Records a problem when <paramref name="message"/> is not null (the shape of the rule checks).</summary>
    public FieldErrors Check(string field, string? message)
    {
        if (message is not null)
        {
            _errors ??= new(StringComparer.Ordinal);
            _errors.TryAdd(field, [message]);
        }

        return this;
    }

    public ProblemHttpResult ToProblem() => Problems.Validation(_errors ?? new(StringComparer.Ordinal));
}
