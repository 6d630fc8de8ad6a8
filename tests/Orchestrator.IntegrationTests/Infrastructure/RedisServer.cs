using System.Diagnostics;

namespace Orchestrator.IntegrationTests.Infrastructure;

/// <summary>A throwaway Redis on a free loopback port (no persistence), or the server named by <c>REDIS_URL</c>.</summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly Process? _process;

    private RedisServer(string url, Process? process)
    {
        Url = url;
        _process = process;
    }

    public string Url { get; }

    public static async Task<RedisServer> StartAsync()
    {
        if (Environment.GetEnvironmentVariable("REDIS_URL") is { Length: > 0 } url)
        {
            return new RedisServer(url, null);
        }

        var port = Tools.FreePort();
        var start = new ProcessStartInfo(Tools.Find("redis-server", "Install Redis (apt-get install -y redis-server).", "/usr/bin"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "yes" })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                using var client = new System.Net.Sockets.TcpClient();
                await client.ConnectAsync("127.0.0.1", port);
                break;
            }
            catch (System.Net.Sockets.SocketException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(50);
            }
        }

        return new RedisServer($"redis://127.0.0.1:{port}/0", process);
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
    }
}
