using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Orchestrator.Silo.Hosting;

namespace Orchestrator.Grains.Tests.Silo;

/// <summary>The original design's log line: one JSON object with its fixed fields and the scope's ids.</summary>
public sealed class JsonLineConsoleFormatterTests
{
    [Fact]
    public void WritesTheOriginalFieldsAndTheIdsFromScopesAndMessageValues()
    {
        var scopes = new LoggerExternalScopeProvider();
        using var request = scopes.Push(new Dictionary<string, object?> { ["request_id"] = "req-42" });
        var state = new Dictionary<string, object?>
        {
            ["BusinessId"] = "business456",
            ["UserId"] = "user123",
            ["{OriginalFormat}"] = "Answered {BusinessId} {UserId}",
        };

        var line = Format(LogLevel.Information, "Orchestrator.Grains.Sessions.SessionGrain", state, "Answered business456 user123", scopes);
        var json = JsonNode.Parse(line)!.AsObject();

        Assert.Equal("INFO", (string?)json["level"]);
        Assert.Equal("chatbot-orchestrator", (string?)json["service"]);
        Assert.Equal("SessionGrain", (string?)json["module"]);
        Assert.Equal("Answered business456 user123", (string?)json["message"]);
        Assert.Equal("req-42", (string?)json["request_id"]);
        Assert.Equal("business456", (string?)json["business_id"]);
        Assert.Equal("user123", (string?)json["user_id"]);
        Assert.True(DateTimeOffset.TryParse((string?)json["timestamp"], System.Globalization.CultureInfo.InvariantCulture, out _));
        Assert.DoesNotContain('\n', line.TrimEnd());
    }

    [Fact]
    public void WritesAnExceptionOnTheSameLine()
    {
        var line = Format(LogLevel.Error, "Host", new Dictionary<string, object?>(), "failed", new LoggerExternalScopeProvider(), new InvalidOperationException("boom\nsecond line"));
        var json = JsonNode.Parse(line)!.AsObject();

        Assert.Equal("ERROR", (string?)json["level"]);
        Assert.Equal("System.InvalidOperationException", (string?)json["exception_type"]);
        Assert.Single(line.TrimEnd().Split('\n'));
    }

    private static string Format(LogLevel level, string category, Dictionary<string, object?> state, string message, IExternalScopeProvider scopes, Exception? exception = null)
    {
        var formatter = new JsonLineConsoleFormatter();
        using var writer = new StringWriter();
        var pairs = state.ToList();
        formatter.Write(new Microsoft.Extensions.Logging.Abstractions.LogEntry<List<KeyValuePair<string, object?>>>(
            level, category, new EventId(1), pairs, exception, (_, _) => message), scopes, writer);
        return writer.ToString();
    }
}
