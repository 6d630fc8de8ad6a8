using System.Net.Sockets;
using Npgsql;
using Orchestrator.GrainInterfaces;

namespace Orchestrator.Silo.Persistence;

/// <summary>Runs database work and turns "the database cannot be reached" into <see cref="DependencyUnavailableException"/>.</summary>
public static class Postgres
{
    public const string Dependency = "postgres";

    /// <summary>
    /// Connection failures, timeouts and transient server states (shutting down, too many connections) mean the
    /// database is unavailable and the request may be retried. Other server errors (a constraint, a syntax error)
    /// are bugs and are not disguised as outages.
    /// </summary>
    public static bool IsUnavailable(Exception exception) => exception switch
    {
        PostgresException postgres => postgres.IsTransient || postgres.SqlState.StartsWith("08", StringComparison.Ordinal) || postgres.SqlState.StartsWith("57P", StringComparison.Ordinal),
        NpgsqlException => true,
        TimeoutException or SocketException or IOException => true,
        _ => false,
    };

    /// <summary>
    /// The exception callers see. The Npgsql exception is not attached: this one crosses grain and process
    /// boundaries, where Orleans can serialize only known types; its type and message are kept in the text.
    /// </summary>
    public static DependencyUnavailableException Unavailable(Exception exception) =>
        new(Dependency, $"PostgreSQL is unavailable ({exception.GetType().Name}: {exception.Message})");

    /// <summary>Adds a parameter of its own CLR type (no boxing; Npgsql picks the PostgreSQL type from <typeparamref name="T"/>).</summary>
    public static void AddTyped<T>(this NpgsqlParameterCollection parameters, T value) =>
        parameters.Add(new NpgsqlParameter<T> { TypedValue = value });

    public static async Task<T> Run<T>(Func<Task<T>> work)
    {
        try
        {
            return await work();
        }
        catch (Exception exception) when (IsUnavailable(exception))
        {
            throw Unavailable(exception);
        }
    }

    public static async Task Run(Func<Task> work)
    {
        try
        {
            await work();
        }
        catch (Exception exception) when (IsUnavailable(exception))
        {
            throw Unavailable(exception);
        }
    }
}
