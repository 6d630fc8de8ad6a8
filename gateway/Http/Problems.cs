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

    public static ProblemHttpResult NotFound(string field, string detail) => TypedResults.Problem(new HttpValidationProblemDetails(
        new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [detail] })
    {
        Status = StatusCodes.Status404NotFound,
        Type = TypeBase + "not-found",
        Title = "Not found.",
        Detail = detail,
    });

    public static ProblemHttpResult Conflict(string field, string detail) => TypedResults.Problem(new HttpValidationProblemDetails(
        new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [detail] })
    {
        Status = StatusCodes.Status409Conflict,
        Type = TypeBase + "conflict",
        Title = "Conflict.",
        Detail = detail,
    });

    /// <summary>429 with <c>Retry-After</c> in whole seconds (at least 1).</summary>
    public static ProblemHttpResult TooManyRequests(HttpContext context, TimeSpan retryAfter, string field, string detail)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [detail] })
        {
            Status = StatusCodes.Status429TooManyRequests,
            Type = TypeBase + "rate-limited",
            Title = "Too many requests.",
            Detail = detail,
        });
    }

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
    private readonly Dictionary<string, string[]> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    /// <summary>Records a problem when <paramref name="message"/> is not null (the shape of the rule checks).</summary>
    public FieldErrors Check(string field, string? message)
    {
        if (message is not null && !_errors.ContainsKey(field))
        {
            _errors[field] = [message];
        }

        return this;
    }

    public ProblemHttpResult ToProblem() => Problems.Validation(_errors);
}
