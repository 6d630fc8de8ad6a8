using System.Collections;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Memory;

namespace Orchestrator.Silo.Hosting;

/// <summary>
/// Makes the original design's environment variables (<c>API_PORT</c>, <c>CONFIDENCE_THRESHOLD</c>,
/// <c>DATABASE_URL</c>, ...) work as written, by mapping them onto .NET configuration keys. They rank above
/// appsettings files and below .NET-style variables (<c>Section__Key</c>) and the command line. Values are
/// checked here so a bad one stops start-up with a message naming the variable.
/// </summary>
public static class LegacyEnvironmentSettings
{
    private static readonly string[] LogLevels = ["Trace", "Debug", "Information", "Warning", "Error", "Critical", "None"];

    /// <summary>Every mapped variable, its configuration key, and how its value is read.</summary>
    public static IReadOnlyList<LegacySetting> Mappings { get; } =
    [
        new("API_HOST", "Api:Host", Text),
        new("API_PORT", "Api:Port", Port),
        new("LOG_LEVEL", "Logging:LogLevel:Default", LogLevel),
        new("CONFIDENCE_THRESHOLD", "Escalation:ConfidenceThreshold", Fraction),
        new("DATABASE_URL", "Database:Url", Text),
        new("REDIS_URL", "Redis:Url", Text),
        new("REDIS_CACHE_URL", "Redis:CacheUrl", Text),
        new("GOOGLE_CLOUD_PROJECT", "Llm:Vertex:Project", Text),
        new("GOOGLE_CLOUD_LOCATION", "Llm:Vertex:Location", Text),
        new("GEMINI_MODEL_NAME", "Llm:Vertex:Model", Text),
        new("GOOGLE_APPLICATION_CREDENTIALS", "Llm:Vertex:CredentialsFile", Text),
        new("LLM_PROVIDER", "Llm:Provider", Text),
        new("LLM_CACHE_TTL", "Cache:LlmTtl", Seconds),
        new("ANSWER_CACHE_TTL", "Cache:AnswerTtl", Seconds),
        new("SLACK_WEBHOOK_URL", "Notifications:Slack:WebhookUrl", AbsoluteUrl),
        new("SMTP_HOST", "Notifications:Email:Host", Text),
        new("SMTP_PORT", "Notifications:Email:Port", Port),
        new("SMTP_USERNAME", "Notifications:Email:Username", Text),
        new("SMTP_PASSWORD", "Notifications:Email:Password", Text),
        new("SMTP_FROM", "Notifications:Email:From", Text),
        new("SMTP_TLS", "Notifications:Email:Tls", Text),
        new("ESCALATION_EMAIL_RECIPIENTS", "Notifications:Email:Recipients", JsonStringArray),
        new("OPERATOR_API_KEY", "Auth:OperatorKey", Text),
        new("ORLEANS_SILO_PORT", "Orleans:SiloPort", Port),
        new("ORLEANS_GATEWAY_PORT", "Orleans:GatewayPort", Port),
        new("ORLEANS_CLUSTER_ID", "Orleans:ClusterId", Text),
        new("ORLEANS_SERVICE_ID", "Orleans:ServiceId", Text),
    ];

    /// <summary>Adds the mapped variables of the process environment to the configuration.</summary>
    public static IConfigurationBuilder AddLegacyEnvironmentVariables(this IConfigurationBuilder configuration) =>
        configuration.AddLegacyEnvironmentVariables(Environment.GetEnvironmentVariables());

    /// <summary>Adds the mapped variables of <paramref name="environment"/>, just before the .NET-style variables.</summary>
    public static IConfigurationBuilder AddLegacyEnvironmentVariables(this IConfigurationBuilder configuration, IDictionary environment)
    {
        var source = new MemoryConfigurationSource { InitialData = Map(environment) };
        var sources = configuration.Sources;
        var index = -1;
        for (var i = 0; i < sources.Count; i++)
        {
            if (sources[i] is EnvironmentVariablesConfigurationSource)
            {
                index = i;
                break;
            }
        }

        if (index < 0)
        {
            sources.Add(source);
        }
        else
        {
            sources.Insert(index, source);
        }

        return configuration;
    }

    /// <summary>
    /// The host environment named by the original <c>ENVIRONMENT</c> variable (production → Production), unless
    /// the .NET variables name one.
    /// </summary>
    public static string? EnvironmentName(IDictionary? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariables();
        if (environment["ASPNETCORE_ENVIRONMENT"] is string { Length: > 0 } || environment["DOTNET_ENVIRONMENT"] is string { Length: > 0 })
        {
            return null;
        }

        return environment["ENVIRONMENT"] is string { Length: > 0 } value
            ? CultureInfo.InvariantCulture.TextInfo.ToTitleCase(value.Trim().ToLowerInvariant())
            : null;
    }

    /// <summary>The configuration entries for the mapped variables present in <paramref name="environment"/>.</summary>
    public static Dictionary<string, string?> Map(IDictionary environment)
    {
        var result = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var mapping in Mappings)
        {
            // An empty variable counts as unset (compose files and manifests write KEY: "" for an optional setting).
            if (environment[mapping.Variable] is not string raw || string.IsNullOrWhiteSpace(raw))
            {
                continue;
            }

            foreach (var (key, value) in mapping.Read(mapping.Variable, mapping.Key, raw))
            {
                result[key] = value;
            }
        }

        return result;
    }

    private static IEnumerable<KeyValuePair<string, string?>> Text(string variable, string key, string raw)
    {
        var value = raw.Trim();
        if (value.Length == 0)
        {
            throw new SettingsException(variable, "must not be empty when set.");
        }

        yield return new(key, value);
    }

    private static IEnumerable<KeyValuePair<string, string?>> Port(string variable, string key, string raw)
    {
        if (!int.TryParse(raw.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new SettingsException(variable, $"must be a port number between 1 and 65535, not '{raw}'.");
        }

        yield return new(key, port.ToString(CultureInfo.InvariantCulture));
    }

    private static IEnumerable<KeyValuePair<string, string?>> Fraction(string variable, string key, string raw)
    {
        if (!double.TryParse(raw.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value is < 0 or > 1 || double.IsNaN(value))
        {
            throw new SettingsException(variable, $"must be a number between 0 and 1 (e.g. 0.80), not '{raw}'.");
        }

        yield return new(key, value.ToString(CultureInfo.InvariantCulture));
    }

    private static IEnumerable<KeyValuePair<string, string?>> Seconds(string variable, string key, string raw)
    {
        if (!int.TryParse(raw.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds < 1)
        {
            throw new SettingsException(variable, $"must be a whole number of seconds (at least 1), not '{raw}'.");
        }

        yield return new(key, TimeSpan.FromSeconds(seconds).ToString("c", CultureInfo.InvariantCulture));
    }

    private static IEnumerable<KeyValuePair<string, string?>> LogLevel(string variable, string key, string raw)
    {
        var level = raw.Trim().ToUpperInvariant() switch
        {
            "TRACE" => "Trace",
            "DEBUG" => "Debug",
            "INFO" or "INFORMATION" => "Information",
            "WARN" or "WARNING" => "Warning",
            "ERROR" => "Error",
            "CRITICAL" or "FATAL" => "Critical",
            "NONE" => "None",
            _ => throw new SettingsException(variable, $"must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL ({string.Join(", ", LogLevels)} also work), not '{raw}'."),
        };
        yield return new(key, level);
    }

    private static IEnumerable<KeyValuePair<string, string?>> AbsoluteUrl(string variable, string key, string raw)
    {
        if (!Uri.TryCreate(raw.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new SettingsException(variable, "must be an absolute http(s) URL.");
        }

        yield return new(key, uri.ToString());
    }

    private static IEnumerable<KeyValuePair<string, string?>> JsonStringArray(string variable, string key, string raw)
    {
        string[]? items;
        try
        {
            items = JsonSerializer.Deserialize(raw, SettingsJsonContext.Default.StringArray);
        }
        catch (JsonException)
        {
            items = null;
        }

        if (items is null || Array.Exists(items, string.IsNullOrWhiteSpace))
        {
            throw new SettingsException(variable, "must be a JSON array of strings, e.g. [\"support@example.com\"].");
        }

        for (var i = 0; i < items.Length; i++)
        {
            yield return new($"{key}:{i}", items[i].Trim());
        }
    }
}

/// <summary>One original environment variable and the configuration key it sets.</summary>
public sealed record LegacySetting(
    string Variable,
    string Key,
    Func<string, string, string, IEnumerable<KeyValuePair<string, string?>>> Read);
