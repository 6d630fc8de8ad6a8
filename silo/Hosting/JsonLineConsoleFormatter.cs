using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Orchestrator.Silo.Hosting;

/// <summary>
/// Writes each log entry as one JSON object on one line, in the original design's format: <c>timestamp</c>,
/// <c>level</c>, <c>service</c>, <c>module</c>, <c>message</c>, and <c>request_id</c>, <c>user_id</c>,
/// <c>business_id</c> where a scope or the message's own values carry them. Other structured values follow in
/// snake_case, so logs stay queryable without parsing messages.
/// </summary>
public sealed class JsonLineConsoleFormatter() : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "orchestrator-json";
    public const string ServiceName = "chatbot-orchestrator";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter?.Invoke(logEntry.State, logEntry.Exception);
        if (message is null && logEntry.Exception is null)
        {
            return;
        }

        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false, SkipValidation = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("timestamp", DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            writer.WriteString("level", LevelName(logEntry.LogLevel));
            writer.WriteString("service", ServiceName);
            writer.WriteString("module", ModuleName(logEntry.Category));
            writer.WriteString("message", message ?? logEntry.Exception!.Message);

            // Inner scopes override outer ones and the entry's own values override scopes: the request id set by the
            // gateway's middleware wins over the hosting layer's connection-based one.
            var properties = new Dictionary<string, object?>(StringComparer.Ordinal);
            scopeProvider?.ForEachScope((scope, collected) => Collect(collected, scope), properties);
            Collect(properties, logEntry.State);
            foreach (var (field, value) in properties)
            {
                WriteProperty(writer, field, value);
            }

            if (logEntry.EventId.Id != 0)
            {
                writer.WriteNumber("event_id", logEntry.EventId.Id);
            }

            if (logEntry.Exception is { } exception)
            {
                writer.WriteString("exception_type", exception.GetType().FullName);
                writer.WriteString("exception", exception.ToString());
            }

            writer.WriteEndObject();
        }

        textWriter.Write(Encoding.UTF8.GetString(buffer.WrittenSpan));
        textWriter.Write('\n');
    }

    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal) { "timestamp", "level", "service", "module", "message" };

    private static void Collect(Dictionary<string, object?> properties, object? state)
    {
        if (state is not IEnumerable<KeyValuePair<string, object?>> pairs)
        {
            return;
        }

        foreach (var (name, value) in pairs)
        {
            var field = name == "{OriginalFormat}" ? null : SnakeCase(name);
            if (field is not null && !Reserved.Contains(field))
            {
                properties[field] = value;
            }
        }
    }

    private static void WriteProperty(Utf8JsonWriter writer, string field, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNull(field);
                break;
            case bool b:
                writer.WriteBoolean(field, b);
                break;
            case int or long or short or byte or uint or ulong or ushort:
                writer.WriteNumber(field, Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            case double or float or decimal:
                writer.WriteNumber(field, Convert.ToDouble(value, CultureInfo.InvariantCulture));
                break;
            case DateTimeOffset time:
                writer.WriteString(field, time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
                break;
            case TimeSpan span:
                writer.WriteNumber(field, span.TotalMilliseconds);
                break;
            default:
                writer.WriteString(field, Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }

    /// <summary>The last part of the logger category: <c>Orchestrator.Gateway.WebhookApi</c> → <c>WebhookApi</c>.</summary>
    private static string ModuleName(string category)
    {
        var dot = category.LastIndexOf('.');
        return dot < 0 ? category : category[(dot + 1)..];
    }

    private static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace => "TRACE",
        LogLevel.Debug => "DEBUG",
        LogLevel.Information => "INFO",
        LogLevel.Warning => "WARNING",
        LogLevel.Error => "ERROR",
        LogLevel.Critical => "CRITICAL",
        _ => "NONE",
    };

    /// <summary><c>BusinessId</c> → <c>business_id</c>; names already in snake_case stay as they are.</summary>
    internal static string SnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0 && name[i - 1] != '_' && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]))))
                {
                    builder.Append('_');
                }

                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c == '.' || c == '-' ? '_' : c);
            }
        }

        return builder.ToString();
    }
}

/// <summary>Registers the JSON line format as the only console log output.</summary>
public static class JsonLoggingExtensions
{
    public static ILoggingBuilder AddOrchestratorJsonConsole(this ILoggingBuilder logging)
    {
        logging.ClearProviders();
        logging.AddConsole(options => options.FormatterName = JsonLineConsoleFormatter.FormatterName);
        logging.AddConsoleFormatter<JsonLineConsoleFormatter, ConsoleFormatterOptions>();
        return logging;
    }
}
