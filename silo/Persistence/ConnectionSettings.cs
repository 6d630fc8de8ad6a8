using System.Globalization;
using Npgsql;
using Orchestrator.Silo.Hosting;
using StackExchange.Redis;

namespace Orchestrator.Silo.Persistence;

/// <summary>
/// Reads <c>DATABASE_URL</c> and <c>REDIS_URL</c> in the forms the original design used (URIs), as well as the
/// native connection-string forms. A bad value stops start-up with a message naming the setting; passwords are
/// never repeated in messages.
/// </summary>
public static class ConnectionSettings
{
    /// <summary>How long a connection attempt may take before the database counts as down.</summary>
    public const int ConnectTimeoutSeconds = 5;

    /// <summary>How long a command may run; the hot-path statements take milliseconds.</summary>
    public const int CommandTimeoutSeconds = 5;

    /// <summary>
    /// <c>postgresql://user:password@host:port/database?sslmode=require</c> (or <c>postgres://</c>, or an Npgsql
    /// connection string such as <c>Host=...;Username=...</c>) → an Npgsql connection string with pooling on and
    /// short timeouts, so an outage is noticed within seconds instead of hanging requests.
    /// </summary>
    public static NpgsqlConnectionStringBuilder Postgres(string value)
    {
        const string Setting = "DATABASE_URL";
        var text = value.Trim();
        NpgsqlConnectionStringBuilder builder;
        if (text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
            {
                throw new SettingsException(Setting, "is not a valid URI; expected postgresql://user:password@host:port/database.");
            }

            var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
            if (database.Length == 0 || database.Contains('/'))
            {
                throw new SettingsException(Setting, "must name one database, as in postgresql://user:password@host:5432/chatbot_db.");
            }

            builder = new NpgsqlConnectionStringBuilder
            {
                Host = uri.Host,
                Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
                Database = database,
            };
            if (uri.UserInfo.Length > 0)
            {
                var colon = uri.UserInfo.IndexOf(':');
                builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
                if (colon >= 0)
                {
                    builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
                }
            }

            foreach (var (key, parameter) in QueryParameters(uri.Query))
            {
                switch (key.ToLowerInvariant())
                {
                    case "sslmode":
                        builder.SslMode = Enum.TryParse<SslMode>(parameter.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var mode)
                            ? mode
                            : throw new SettingsException(Setting, $"has an unknown sslmode '{parameter}' (disable, allow, prefer, require, verify-ca, verify-full).");
                        break;
                    case "application_name":
                        builder.ApplicationName = parameter;
                        break;
                    default:
                        throw new SettingsException(Setting, $"has an unsupported query parameter '{key}' (supported: sslmode, application_name).");
                }
            }
        }
        else if (text.Contains('=', StringComparison.Ordinal))
        {
            try
            {
                builder = new NpgsqlConnectionStringBuilder(text);
            }
            catch (ArgumentException exception)
            {
                throw new SettingsException(Setting, $"is not a valid Npgsql connection string: {exception.Message.Split('(')[0].Trim()}");
            }

            if (string.IsNullOrEmpty(builder.Host))
            {
                throw new SettingsException(Setting, "names no Host.");
            }
        }
        else
        {
            throw new SettingsException(Setting, "must be a postgresql:// URI (postgresql://user:password@host:port/database) or an Npgsql connection string.");
        }

        builder.Pooling = true;
        if (builder.MaxPoolSize == 100)
        {
            // Group commit keeps the hot path to a handful of connections; the rest serve activations and admin calls.
            builder.MaxPoolSize = 50;
        }

        // No connection carries session state (SET, LISTEN, temporary tables) from one use to the next, so the
        // DISCARD ALL Npgsql would otherwise send on every return to the pool is pure cost: under load it was the
        // most frequent statement the server ran. Keeping sessions also keeps their prepared statements, and the hot
        // statements (the interaction insert, grain state, tickets) are prepared automatically after a few uses.
        builder.NoResetOnClose = true;
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 32;
        }

        builder.Timeout = ConnectTimeoutSeconds;
        builder.CommandTimeout = CommandTimeoutSeconds;
        builder.ApplicationName ??= "chatbot-orchestrator";
        return builder;
    }

    /// <summary>
    /// <c>redis://[user:password@]host:port[/db]</c> or <c>rediss://</c> (TLS), or a StackExchange.Redis configuration
    /// string (<c>host:port,password=...</c>).
    /// </summary>
    public static ConfigurationOptions Redis(string value)
    {
        const string Setting = "REDIS_URL";
        var text = value.Trim();
        ConfigurationOptions options;
        if (text.StartsWith("redis://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("rediss://", StringComparison.OrdinalIgnoreCase))
        {
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
            {
                throw new SettingsException(Setting, "is not a valid URI; expected redis://host:port/db.");
            }

            options = new ConfigurationOptions { Ssl = uri.Scheme.Equals("rediss", StringComparison.OrdinalIgnoreCase) };
            options.EndPoints.Add(uri.Host, uri.Port > 0 ? uri.Port : 6379);
            if (uri.UserInfo.Length > 0)
            {
                var colon = uri.UserInfo.IndexOf(':');
                var user = Uri.UnescapeDataString(colon < 0 ? "" : uri.UserInfo[..colon]);
                var password = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[(colon + 1)..]);
                options.User = user.Length > 0 ? user : null;
                options.Password = password.Length > 0 ? password : null;
            }

            var path = uri.AbsolutePath.Trim('/');
            if (path.Length > 0)
            {
                options.DefaultDatabase = int.TryParse(path, NumberStyles.None, CultureInfo.InvariantCulture, out var db) && db is >= 0 and <= 15
                    ? db
                    : throw new SettingsException(Setting, $"names database '{path}'; it must be a number from 0 to 15.");
            }
        }
        else if (text.Length > 0 && !text.Contains("://", StringComparison.Ordinal))
        {
            try
            {
                options = ConfigurationOptions.Parse(text);
            }
            catch (ArgumentException)
            {
                throw new SettingsException(Setting, "is not a valid Redis configuration; expected redis://host:port/db.");
            }

            if (options.EndPoints.Count == 0)
            {
                throw new SettingsException(Setting, "names no host.");
            }
        }
        else
        {
            throw new SettingsException(Setting, "must be a redis:// or rediss:// URI (redis://host:6379/0).");
        }

        // Keep retrying in the background rather than failing the process when Redis blips.
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = ConnectTimeoutSeconds * 1000;
        options.ClientName ??= "chatbot-orchestrator";
        return options;
    }

    private static IEnumerable<(string Key, string Value)> QueryParameters(string query)
    {
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=');
            yield return equals < 0
                ? (Uri.UnescapeDataString(pair), "")
                : (Uri.UnescapeDataString(pair[..equals]), Uri.UnescapeDataString(pair[(equals + 1)..]));
        }
    }
}
