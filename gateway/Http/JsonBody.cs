using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Orchestrator.Gateway.Http;

/// <summary>
/// Reads a JSON request body with the checks every endpoint needs, each failing with a clear problem: the content
/// type (415), the size (413, also for chunked bodies without a length), emptiness, malformed JSON, and values of
/// the wrong type (400 naming the field, e.g. <c>mesaj_metni</c> for a number where text belongs).
/// </summary>
internal static class JsonBody
{
    private const int InitialBuffer = 4096;

    public static async ValueTask<BodyResult<T>> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> typeInfo, int maxBytes)
        where T : class
    {
        if (!IsJson(request.ContentType))
        {
            return Problems.UnsupportedMediaType();
        }

        if (request.ContentLength > maxBytes)
        {
            return Problems.TooLarge(maxBytes);
        }

        var (buffer, length, problem) = await ReadPooledAsync(request, maxBytes);
        try
        {
            if (problem is not null)
            {
                return problem;
            }

            return Parse(buffer.AsSpan(0, length), typeInfo);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// The raw body as received (a platform's signature is computed over these exact bytes), with the JSON content
    /// type and size checks of <see cref="ReadAsync{T}"/>.
    /// </summary>
    public static async ValueTask<(byte[]? Body, ProblemHttpResult? Problem)> ReadRawAsync(HttpRequest request, int maxBytes)
    {
        if (!IsJson(request.ContentType))
        {
            return (null, Problems.UnsupportedMediaType());
        }

        if (request.ContentLength > maxBytes)
        {
            return (null, Problems.TooLarge(maxBytes));
        }

        var (buffer, length, problem) = await ReadPooledAsync(request, maxBytes);
        try
        {
            return problem is null ? (buffer.AsSpan(0, length).ToArray(), null) : (null, problem);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Reads the body into a pooled buffer (the caller returns it); a problem when it is larger than allowed.</summary>
    private static async ValueTask<(byte[] Buffer, int Length, ProblemHttpResult? Problem)> ReadPooledAsync(HttpRequest request, int maxBytes)
    {
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(request.ContentLength + 1 ?? InitialBuffer, maxBytes + 1L));
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (length > maxBytes)
                {
                    return (buffer, length, Problems.TooLarge(maxBytes));
                }

                var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, maxBytes + 1));
                buffer.AsSpan(0, length).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(buffer);
                buffer = larger;
            }

            var read = await request.Body.ReadAsync(buffer.AsMemory(length), request.HttpContext.RequestAborted);
            if (read == 0)
            {
                return (buffer, length, null);
            }

            length += read;
            if (length > maxBytes)
            {
                return (buffer, length, Problems.TooLarge(maxBytes));
            }
        }
    }

    internal static BodyResult<T> Parse<T>(ReadOnlySpan<byte> json, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        if (json.Trim(" \t\r\n"u8).IsEmpty)
        {
            return Problems.Validation("body", "is required: send a JSON object.");
        }

        try
        {
            return JsonSerializer.Deserialize(json, typeInfo) is { } value
                ? new BodyResult<T>(value, null)
                : Problems.Validation("body", "must be a JSON object, not null.");
        }
        catch (JsonException exception)
        {
            return Problems.Validation(FieldOf(exception.Path), Describe(exception, typeInfo));
        }
    }

    /// <summary><c>$.mesaj_metni</c> → <c>mesaj_metni</c>; <c>$.products[2].price</c> → <c>products[2].price</c>; the root → <c>body</c>.</summary>
    internal static string FieldOf(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return "body";
        }

        var field = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        return field.Length == 0 ? "body" : field;
    }

    private static string Describe<T>(JsonException exception, JsonTypeInfo<T> typeInfo)
    {
        var message = exception.Message;
        if (message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal))
        {
            return ExpectedType(exception.Path, typeInfo) is { } expected
                ? $"has the wrong type: expected {expected}."
                : "has a value of the wrong type.";
        }

        if (message.StartsWith("Duplicate property", StringComparison.Ordinal))
        {
            return "appears more than once.";
        }

        if (message.Contains("maximum configured depth", StringComparison.Ordinal))
        {
            return "is nested too deeply.";
        }

        var line = exception.LineNumber is { } number ? $" (line {number + 1}, byte {exception.BytePositionInLine + 1})" : "";
        return $"is not valid JSON{line}.";
    }

    /// <summary>
    /// What the value at a JSON path should have been, read from the serializer's own contract for the body type
    /// (the exception names the containing type, not the one expected).
    /// </summary>
    private static string? ExpectedType(string? path, JsonTypeInfo typeInfo)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return "a JSON object";
        }

        Type? type = typeInfo.Type;
        var current = typeInfo;
        foreach (var segment in path.TrimStart('$').Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = segment;
            var indexes = 0;
            var bracket = segment.IndexOf('[');
            if (bracket >= 0)
            {
                name = segment[..bracket];
                indexes = segment.Count(c => c == '[');
            }

            type = current.Kind == JsonTypeInfoKind.Dictionary
                ? current.ElementType
                : current.Properties.FirstOrDefault(p => p.Name == name)?.PropertyType;
            for (var i = 0; i < indexes && type is not null; i++)
            {
                type = current.Options.GetTypeInfo(type).ElementType;
            }

            if (type is null)
            {
                return null;
            }

            current = current.Options.GetTypeInfo(type);
        }

        return Describe(Nullable.GetUnderlyingType(type!) ?? type!, current);
    }

    private static string Describe(Type type, JsonTypeInfo info) => type switch
    {
        _ when type == typeof(string) => "a string",
        _ when type == typeof(decimal) || type == typeof(double) => "a number",
        _ when type == typeof(int) || type == typeof(long) => "a whole number",
        _ when type == typeof(bool) => "true or false",
        _ => info.Kind switch
        {
            JsonTypeInfoKind.Dictionary => "an object",
            JsonTypeInfoKind.Enumerable => "an array",
            _ => "an object",
        },
    };

    private static bool IsJson(string? contentType)
    {
        if (contentType is null)
        {
            return false;
        }

        var mediaType = contentType.AsSpan();
        var semicolon = mediaType.IndexOf(';');
        if (semicolon >= 0)
        {
            mediaType = mediaType[..semicolon];
        }

        mediaType = mediaType.Trim();
        return mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (mediaType.StartsWith("application/", StringComparison.OrdinalIgnoreCase)
                && mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
    }
}

/// <summary>A parsed body, or the problem that stopped it.</summary>
internal readonly record struct BodyResult<T>(T? Value, ProblemHttpResult? Problem)
    where T : class
{
    public static implicit operator BodyResult<T>(ProblemHttpResult problem) => new(null, problem);
}
