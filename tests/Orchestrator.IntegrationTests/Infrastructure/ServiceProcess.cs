using System.Collections.Concurrent;
using System.Diagnostics;

namespace Orchestrator.IntegrationTests.Infrastructure;

/// <summary>
/// A silo or gateway running as a real process (<c>dotnet Orchestrator.Silo.dll</c>), as in production, with its
/// settings in environment variables and the tail of its log kept for failure messages.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _log = new();

    private ServiceProcess(string name, Process process, int httpPort)
    {
        Name = name;
        _process = process;
        HttpPort = httpPort;
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Name { get; }

    public int ProcessId => _process.Id;

    public int HttpPort { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{HttpPort}");

    public bool HasExited => _process.HasExited;

    public string LogTail => string.Join('\n', _log);

    public static ServiceProcess Start(string name, string assembly, int httpPort, IReadOnlyDictionary<string, string> environment)
    {
        var path = Path.Combine(AppContext.BaseDirectory, assembly);
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { path },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["LOG_LEVEL"] = "WARNING";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return new ServiceProcess(name, Process.Start(start)!, httpPort);
    }

    /// <summary>Waits until <paramref name="path"/> (by default <c>/health/ready</c>) answers 200.</summary>
    public async Task WaitReadyAsync(TimeSpan timeout, string path = "/health/ready")
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with {_process.ExitCode}:\n{LogTail}");
            }

            try
            {
                if ((await http.GetAsync(path)).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{Name} was not ready within {timeout}:\n{LogTail}");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>Ends the process at once, as a crash or an OOM kill would.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _log.Enqueue(line.Length > 600 ? line[..600] : line);
        while (_log.Count > 60)
        {
            _log.TryDequeue(out _);
        }
    }
}
