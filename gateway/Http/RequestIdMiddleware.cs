namespace Orchestrator.Gateway.Http;

/// <summary>
/// Gives every request an id: the caller's <c>X-Request-ID</c> when it is sensible, else a new one. The id is the
/// request's trace identifier, is returned in the response header, and is in every log line of the request.
/// </summary>
internal sealed partial class RequestIdMiddleware(RequestDelegate next, ILogger<RequestIdMiddleware> logger)
{
    public const string Header = "X-Request-ID";
    private const int MaxLength = 128;

    public async Task InvokeAsync(HttpContext context)
    {
        var requestId = context.Request.Headers[Header].ToString();
        if (requestId.Length is 0 or > MaxLength || !IsPrintableAscii(requestId))
        {
            requestId = Guid.CreateVersion7().ToString("N");
        }

        context.TraceIdentifier = requestId;
        context.Response.Headers[Header] = requestId;
        using (logger.BeginScope(new RequestScope(requestId)))
        {
            await next(context);
        }
    }

    private static bool IsPrintableAscii(string value)
    {
        foreach (var c in value)
        {
            if (c is < '!' or > '~')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A log scope carrying only <c>request_id</c>, cheaper than a dictionary per request.</summary>
    private sealed class RequestScope(string requestId) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public int Count => 1;

        public KeyValuePair<string, object?> this[int index] =>
            index == 0 ? new("request_id", requestId) : throw new ArgumentOutOfRangeException(nameof(index));

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
        {
            yield return this[0];
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => $"request_id:{requestId}";
    }
}
