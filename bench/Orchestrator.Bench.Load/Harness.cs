using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Npgsql;

namespace Orchestrator.Bench.Load;

public sealed record LoadOptions(
    double RepeatFraction = 0.9,
    int LlmLatencyMs = 0,
    int DurationSeconds = 20,
    int WarmupSeconds = 20,
    int DeskSeconds = 2,
    int Connections = 64,
    int Threads = 2,
    int Tenants = 50,
    int Products = 20,
    int Users = 5000,
    bool HotTenant = false,
    int Silos = 1,
    bool SkipBare = false,
    bool PgStatements = false,
    IReadOnlyList<int>? MemoryLevels = null)
{
    public static LoadOptions Parse(string[] args)
    {
        var options = new LoadOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            options = args[i] switch
            {
                "--repeat" => options with { RepeatFraction = Double(Value(), 0, 1, "--repeat") },
                "--llm-ms" => options with { LlmLatencyMs = Int(Value(), 0, 60_000, "--llm-ms") },
                "--duration" => options with { DurationSeconds = Int(Value(), 1, 300, "--duration") },
                "--warmup" => options with { WarmupSeconds = Int(Value(), 0, 300, "--warmup") },
                "--desk-seconds" => options with { DeskSeconds = Int(Value(), 0, 300, "--desk-seconds") },
                "--connections" => options with { Connections = Int(Value(), 1, 4096, "--connections") },
                "--threads" => options with { Threads = Int(Value(), 1, 64, "--threads") },
                "--tenants" => options with { Tenants = Int(Value(), 1, 100_000, "--tenants") },
                "--products" => options with { Products = Int(Value(), 1, 100_000, "--products") },
                "--users" => options with { Users = Int(Value(), 1, 10_000_000, "--users") },
                "--silos" => options with { Silos = Int(Value(), 1, 8, "--silos") },
                "--hot-tenant" => options with { HotTenant = true },
                "--no-bare" => options with { SkipBare = true },
                "--pg-statements" => options with { PgStatements = true },
                "--memory" => options with { MemoryLevels = [.. Value().Split(',').Select(v => Int(v.Trim(), 0, 1_000_000, "--memory"))] },
                _ => throw new ArgumentException($"Unknown option {args[i]}"),
            };
        }

        return options;
    }

    private static int Int(string text, int min, int max, string name) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new ArgumentException($"{name} must be an integer from {min} to {max}");

    private static double Double(string text, double min, double max, string name) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new ArgumentException($"{name} must be a number from {min} to {max}");
}

public sealed record WrkResult(long Requests, double DurationSeconds, double P50Ms, double P90Ms, double P99Ms, double MaxMs, long Errors)
{
    public double PerSecond => Requests / DurationSeconds;
}

/// <summary>Runs wrk with <c>load.lua</c> and reads its summary line.</summary>
public static class Wrk
{
    public static async Task<WrkResult> RunAsync(Uri target, string bodies, LoadOptions options)
    {
        var start = new ProcessStartInfo("wrk")
        {
            ArgumentList =
            {
                $"-t{options.Threads}", $"-c{options.Connections}", $"-d{options.DurationSeconds}s", "--timeout", "10s",
                "-s", Path.Combine(AppContext.BaseDirectory, "load.lua"), target.ToString(),
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["BENCH_BODIES"] = bodies;
        start.Environment["BENCH_THREADS"] = options.Threads.ToString(CultureInfo.InvariantCulture);
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("BENCH ", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"wrk gave no summary (exit {process.ExitCode}):\n{output}\n{error}");
        var json = JsonNode.Parse(line[6..])!;
        long L(string name) => (long)json[name]!;
        return new WrkResult(
            L("requests"), L("duration_us") / 1e6, L("p50") / 1000.0, L("p90") / 1000.0, L("p99") / 1000.0, L("max") / 1000.0,
            L("connect") + L("read") + L("write") + L("status") + L("timeout"));
    }
}

/// <summary>CPU time per process group from <c>/proc</c> (utime + stime), and resident memory.</summary>
public static class CpuSampler
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux

    public static Dictionary<string, double> Sample()
    {
        var seconds = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out _))
            {
                continue;
            }

            try
            {
                var group = Group(File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' '));
                if (group is null)
                {
                    continue;
                }

                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                seconds[group] = seconds.GetValueOrDefault(group) + ticks / TicksPerSecond;
            }
            catch (IOException)
            {
                // The process ended while being read.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return seconds;
    }

    /// <summary>
    /// CPU used per group between the two samples, in cores (1.0 = one core busy the whole time). Divide by the time
    /// between the samples, not wrk's own duration: wrk spends seconds loading its bodies before it starts the clock.
    /// </summary>
    public static Dictionary<string, double> Split(Dictionary<string, double> before, Dictionary<string, double> after, double duration) =>
        after.ToDictionary(kv => kv.Key, kv => (kv.Value - before.GetValueOrDefault(kv.Key)) / duration, StringComparer.Ordinal);

    public static long RssKb(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static string? Group(string commandLine) =>
        commandLine.Contains("Orchestrator.Gateway.dll", StringComparison.Ordinal) ? "gateway"
        : commandLine.Contains("Orchestrator.Silo.dll", StringComparison.Ordinal) ? "silo"
        : commandLine.Contains("Orchestrator.FakeVertex.dll", StringComparison.Ordinal) ? "fake-vertex"
        : commandLine.StartsWith("postgres", StringComparison.Ordinal) || commandLine.Contains("/bin/postgres", StringComparison.Ordinal) ? "postgres"
        : commandLine.StartsWith("redis-server", StringComparison.Ordinal) || commandLine.Contains("/redis-server", StringComparison.Ordinal) ? "redis"
        : null;
}

/// <summary>A service's own metrics, read from its Prometheus text at <c>GET /metrics</c>.</summary>
public static class ServiceMetrics
{
    /// <summary>The metric's value summed over its series (e.g. the heap's generations); fails if the service has none.</summary>
    public static async Task<double> ReadAsync(HttpClient http, Uri service, string name)
    {
        var text = await http.GetStringAsync(new Uri(service, "/metrics"));
        // "name{labels} value" or "name value"; label values may hold spaces, so the value is read after the labels.
        var values = text.Split('\n')
            .Where(l => l.StartsWith(name, StringComparison.Ordinal) && l.Length > name.Length && l[name.Length] is '{' or ' ')
            .Select(l => l[name.Length] == '{' ? l[(l.LastIndexOf('}') + 1)..] : l[name.Length..])
            .Select(rest => double.Parse(rest.Trim().Split(' ')[0], CultureInfo.InvariantCulture))
            .ToList();
        return values.Count > 0 ? values.Sum() : throw new InvalidOperationException($"{service} has no {name} in /metrics.");
    }
}

public static class Report
{
    public static void Print(LoadOptions options, WrkResult run, WrkResult? bare, long rows, long llmCalls, long resolved, TimeSpan? deskEvery, Dictionary<string, double> cpu, Dictionary<string, double> gcPauseShare, long siloRssKb, int tenants, PostgresActivity wal)
    {
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine();
        Console.WriteLine(string.Create(c, $"scenario: repeat {options.RepeatFraction:P0}, LLM {options.LlmLatencyMs} ms, {(options.HotTenant ? "one hot shop" : $"{tenants} shops")}, {options.Users} users, {options.Products} products/shop, {options.Silos} silo(s), wrk -t{options.Threads} -c{options.Connections} -d{options.DurationSeconds}s"));
        Console.WriteLine("| measure | value |");
        Console.WriteLine("| --- | --- |");
        Console.WriteLine(string.Create(c, $"| messages/s | {run.PerSecond:F0} |"));
        Console.WriteLine(string.Create(c, $"| latency p50 / p90 / p99 / max (ms) | {run.P50Ms:F1} / {run.P90Ms:F1} / {run.P99Ms:F1} / {run.MaxMs:F0} |"));
        Console.WriteLine(string.Create(c, $"| errors (non-2xx, socket) | {run.Errors} |"));
        Console.WriteLine(string.Create(c, $"| requests answered | {run.Requests} |"));
        Console.WriteLine(string.Create(c, $"| interaction rows written | {rows} |"));
        Console.WriteLine(string.Create(c, $"| LLM calls | {llmCalls} |"));
        Console.WriteLine(string.Create(c, $"| tickets resolved by the bench's support desk | {(deskEvery is { } every ? $"{resolved} (every {every.TotalSeconds:0.#} s)" : "off")} |"));
        Console.WriteLine(string.Create(c, $"| CPU (cores) | {string.Join(", ", cpu.OrderByDescending(kv => kv.Value).Select(kv => $"{kv.Key} {kv.Value:F2}"))} |"));
        // CPU per message is steadier than messages/s on a shared machine: the host's other tenants change the
        // throughput from run to run, much less the work each message costs.
        Console.WriteLine(string.Create(c, $"| CPU per message (µs) | {string.Join(", ", cpu.OrderByDescending(kv => kv.Value).Where(kv => kv.Value > 0).Select(kv => $"{kv.Key} {kv.Value / run.PerSecond * 1e6:F0}"))} |"));
        // While a service's GC has its threads stopped, every message it holds waits: this share of the run adds to the
        // latency of the messages in flight then (the tail of the distribution).
        Console.WriteLine(string.Create(c, $"| GC pauses (share of the run) | {string.Join(", ", gcPauseShare.OrderByDescending(kv => kv.Value).Select(kv => $"{kv.Key} {kv.Value:P1}"))} |"));
        Console.WriteLine(string.Create(c, $"| silo RSS after the run | {siloRssKb / 1024.0:F0} MB |"));
        // Every durable commit costs PostgreSQL (and the kernel) a WAL flush unless another commit's flush covered it:
        // on this machine a WAL flush is the costliest thing PostgreSQL does per message.
        var perThousand = 1000.0 / Math.Max(1, run.Requests);
        Console.WriteLine(string.Create(c, $"| PostgreSQL per 1,000 messages | {wal.Commits * perThousand:F0} commits, {wal.WalFlushes * perThousand:F0} WAL flushes, {wal.WalBytes * perThousand / 1024:F0} KiB WAL |"));
        if (bare is not null)
        {
            Console.WriteLine(string.Create(c, $"| bare Kestrel reference (same JSON, fixed answer) | {bare.PerSecond:F0} req/s, p99 {bare.P99Ms:F1} ms |"));
            Console.WriteLine(string.Create(c, $"| orchestrator / bare Kestrel | {run.PerSecond / bare.PerSecond:P1} |"));
        }
    }
}

/// <summary>
/// The shops' support team: every few seconds it resolves each open ticket through the agent API, as people working
/// the queue would. Without it the simulated users, who write far more often than real ones, pile up in hand-offs
/// (after a minute most of them) and the run measures appending to tickets instead of answering.
/// </summary>
public sealed class SupportDesk : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Uri _gateway;
    private readonly string _apiKey;
    private readonly IReadOnlyList<string> _tenants;
    private readonly Task _loop;
    private long _resolved;

    private SupportDesk(Uri gateway, string apiKey, IReadOnlyList<string> tenants, int seconds)
    {
        (_gateway, _apiKey, _tenants) = (gateway, apiKey, tenants);
        // Each pass lists every shop's open tickets: with many shops it passes less often (at most ~25 listings a second).
        Every = TimeSpan.FromSeconds(Math.Max(seconds, tenants.Count / 25.0));
        _loop = Task.Run(RunAsync);
    }

    /// <summary>The time between two passes over the shops.</summary>
    public TimeSpan Every { get; }

    public long Resolved => Interlocked.Read(ref _resolved);

    /// <summary>Starts working the queue every <paramref name="seconds"/> (or less often with many shops).</summary>
    public static SupportDesk Start(Uri gateway, string apiKey, IReadOnlyList<string> tenants, int seconds) => new(gateway, apiKey, tenants, seconds);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        using var http = new HttpClient { BaseAddress = _gateway };
        http.DefaultRequestHeaders.Add("X-API-Key", _apiKey);
        using var timer = new PeriodicTimer(Every);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                await Parallel.ForEachAsync(_tenants, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = _stop.Token }, async (tenant, cancellationToken) =>
                {
                    var page = JsonNode.Parse(await http.GetStringAsync(new Uri($"/agent/{tenant}/tickets?status=open&limit=200", UriKind.Relative), cancellationToken))!;
                    foreach (var ticket in page["items"]!.AsArray())
                    {
                        using var body = new StringContent("""{"agent":"bench-desk","note":"handled"}""", System.Text.Encoding.UTF8, "application/json");
                        using var response = await http.PostAsync(new Uri($"/agent/{tenant}/tickets/{ticket!["ticket_id"]}/resolve", UriKind.Relative), body, cancellationToken);
                        if (response.IsSuccessStatusCode)
                        {
                            Interlocked.Increment(ref _resolved);
                        }
                    }
                });
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }
}

/// <summary>PostgreSQL's transaction and WAL counters (<c>pg_stat_database</c>, <c>pg_stat_wal</c>) at one moment.</summary>
public readonly record struct PostgresActivity(long Commits, long WalFlushes, long WalBytes)
{
    public static PostgresActivity operator -(PostgresActivity after, PostgresActivity before) =>
        new(after.Commits - before.Commits, after.WalFlushes - before.WalFlushes, after.WalBytes - before.WalBytes);

    public static async Task<PostgresActivity> ReadAsync(NpgsqlDataSource database)
    {
        // Statistics reach the shared counters about once a second: wait for the last ones of the run.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        await using var command = database.CreateCommand("""
            SELECT (SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()),
                   (SELECT wal_sync FROM pg_stat_wal), (SELECT wal_bytes FROM pg_stat_wal)::bigint
            """);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new PostgresActivity(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }
}
