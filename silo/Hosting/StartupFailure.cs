using Microsoft.Extensions.Options;

namespace Orchestrator.Silo.Hosting;

/// <summary>Turns a start-up failure caused by settings into one clear line for the operator.</summary>
public static class StartupFailure
{
    /// <summary>The message for a settings problem, or null for any other failure (which is rethrown as is).</summary>
    public static string? Describe(Exception exception) => Unwrap(exception) switch
    {
        SettingsException settings => $"Orchestrator cannot start: {settings.Message}",
        OptionsValidationException options => $"Orchestrator cannot start: invalid settings in section {options.OptionsName ?? options.OptionsType.Name}: {string.Join(" ", options.Failures)}",
        InvalidOperationException invalid when invalid.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal)
            => $"Orchestrator cannot start: {invalid.Message}",
        _ => null,
    };

    private static Exception Unwrap(Exception exception)
    {
        while (exception is AggregateException { InnerExceptions.Count: 1 } aggregate)
        {
            exception = aggregate.InnerExceptions[0];
        }

        return exception;
    }
}
