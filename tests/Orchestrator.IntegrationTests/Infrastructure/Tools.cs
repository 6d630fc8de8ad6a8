using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Orchestrator.IntegrationTests.Infrastructure;

/// <summary>Small process and network helpers for the throwaway servers.</summary>
internal static class Tools
{
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static bool IsRoot => Environment.UserName == "root";

    /// <summary>Finds an executable on PATH or in the given folders; fails with what to install.</summary>
    public static string Find(string name, string installHint, params string[] folders)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var folder in folders.Concat(path.Split(':', StringSplitOptions.RemoveEmptyEntries)))
        {
            var candidate = System.IO.Path.Combine(folder, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"'{name}' was not found on PATH or in {string.Join(", ", folders)}. {installHint}");
    }

    /// <summary>Runs a command to completion; throws with its output when it fails.</summary>
    public static async Task<string> RunAsync(string file, IEnumerable<string> arguments, string? asUser = null, TimeSpan? timeout = null)
    {
        var start = asUser is null ? new ProcessStartInfo(file) : new ProcessStartInfo("runuser");
        if (asUser is not null)
        {
            foreach (var argument in new[] { "-u", asUser, "--", file })
            {
                start.ArgumentList.Add(argument);
            }
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.WorkingDirectory = System.IO.Path.GetTempPath();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(cancel.Token);
        var output = await stdout + await stderr;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', start.ArgumentList)} exited with {process.ExitCode}: {output}");
        }

        return output;
    }
}
