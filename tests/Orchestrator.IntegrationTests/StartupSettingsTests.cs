using System.Diagnostics;

namespace Orchestrator.IntegrationTests;

/// <summary>A bad setting stops the real processes at start-up with one clear line naming it.</summary>
public sealed class StartupSettingsTests
{
    [Theory]
    [InlineData("Orchestrator.Gateway.dll", "API_PORT", "eighty", "API_PORT")]
    [InlineData("Orchestrator.Gateway.dll", "CONFIDENCE_THRESHOLD", "2", "CONFIDENCE_THRESHOLD")]
    [InlineData("Orchestrator.Gateway.dll", "REDIS_URL", "redis://127.0.0.1:1/0", "DATABASE_URL")]
    [InlineData("Orchestrator.Silo.dll", "DATABASE_URL", "mysql://x@y/z", "DATABASE_URL")]
    [InlineData("Orchestrator.Silo.dll", "Conversation__SessionTimeout", "00:00:00", "SessionTimeout")]
    [InlineData("Orchestrator.Gateway.dll", "LLM_PROVIDER", "vertex", "GEMINI_MODEL_NAME")]
    [InlineData("Orchestrator.Gateway.dll", "LLM_PROVIDER", "openai-ish", "LLM_PROVIDER")]
    public async Task RefusesToStartWithABadSettingAndNamesIt(string assembly, string variable, string value, string named)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, assembly) },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            Environment = { [variable] = value },
        };
        if (variable != "DATABASE_URL")
        {
            start.Environment.Remove("DATABASE_URL");
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);

        Assert.Equal(2, process.ExitCode);
        var message = await error;
        Assert.StartsWith("Orchestrator cannot start:", message, StringComparison.Ordinal);
        Assert.Contains(named, message, StringComparison.Ordinal);
        Assert.Single(message.Trim().Split('\n'));
        await output;
    }
}
