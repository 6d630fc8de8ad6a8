using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace Orchestrator.Gateway.Http;

/// <summary>
/// A <c>200</c> whose JSON body is serialised before the headers go out, so the response carries a
/// <c>Content-Length</c>. <c>TypedResults.Ok</c> streams the body after starting the response, so HTTP/1.1 answers
/// were chunked: Kestrel sent the headers and body, then the closing <c>0\r\n\r\n</c> chunk in a second write, a
/// second syscall and TCP segment for every answer. Same body (the app's HTTP JSON options) and OpenAPI metadata as
/// <c>Ok&lt;T&gt;</c>.
/// </summary>
public sealed class JsonWithLength<TValue> : IResult, IEndpointMetadataProvider, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<TValue>, IContentTypeHttpResult
{
    private const string JsonContentType = "application/json; charset=utf-8";

    internal JsonWithLength(TValue value)
    {
        Value = value;
    }

    public TValue Value { get; }

    object? IValueHttpResult.Value => Value;

    public int StatusCode => StatusCodes.Status200OK;

    int? IStatusCodeHttpResult.StatusCode => StatusCode;

    public string ContentType => JsonContentType;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var options = httpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var body = JsonSerializer.SerializeToUtf8Bytes(Value, (JsonTypeInfo<TValue>)options.GetTypeInfo(typeof(TValue)));
        var response = httpContext.Response;
        response.StatusCode = StatusCode;
        response.ContentType = JsonContentType;
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body, 0, body.Length, httpContext.RequestAborted);
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(TValue), ["application/json"]));
    }
}

/// <summary>Creates <see cref="JsonWithLength{TValue}"/> results.</summary>
public static class JsonWithLength
{
    public static JsonWithLength<TValue> Ok<TValue>(TValue value) => new(value);
}
