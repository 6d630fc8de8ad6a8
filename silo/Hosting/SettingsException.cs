namespace Orchestrator.Silo.Hosting;

/// <summary>A setting has a value the service cannot start with. The message names the setting and what it accepts.</summary>
public sealed class SettingsException(string setting, string problem)
    : Exception($"Invalid setting {setting}: {problem}")
{
    public string Setting { get; } = setting;
}
