using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Npgsql;
using Orchestrator.IntegrationTests.Infrastructure;

namespace Orchestrator.Bench.Load;

/// <summary>
/// <c>dotnet run -c Release --project bench/Orchestrator.Bench.Load -- [--repeat 0.9] [--llm-ms 0] [--duration 20]
/// [--warmup 20] [--desk-seconds 2] [--connections 64] [--threads 2] [--tenants 50] [--products 20] [--users 5000] [--hot-tenant] [--silos 1] [--no-bare] [--pg-statements]</c>,
/// or <c>--memory 0,5000,10000,20000</c> to measure the silo's memory per idle session instead of a load run.
/// Everything is started on loopback ports and removed at the end; the run is bounded by <c>--duration</c>.
/// </summary>
public static class Program
{
    private const string OperatorKey = "bench-operator-key-0123456789";

    public static async Task<int> Main(string[] args)
    {
        if (Environment.GetEnvironmentVariable("BENCH_BARE_PORT") is { Length: > 0 } barePort)
        {
            await BareKestrel.RunAsync(int.Parse(barePort, CultureInfo.InvariantCulture));
            return 0;
        }

        var options = LoadOptions.Parse(args);
        Tools.Find("wrk", "Install wrk (apt-get install -y wrk).", "/usr/bin");
        var work = Directory.CreateTempSubdirectory("orchestrator-bench-").FullName;
        var processes = new List<ServiceProcess>();
        try
        {
            Console.Error.WriteLine($"[bench] {options}");
            if (options.PgStatements)
            {
                // Read by PostgresServer when it starts the throwaway server.
                Environment.SetEnvironmentVariable("BENCH_PG_OPTIONS",
                    $"{Environment.GetEnvironmentVariable("BENCH_PG_OPTIONS")} -c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all");
            }

            await using var postgres = await PostgresServer.StartAsync(ownServer: true, durable: true);
            var databaseUrl = await postgres.CreateDatabaseAsync();
            await using var redis = await RedisServer.StartAsync();

            var vertexPort = Tools.FreePort();
            processes.Add(ServiceProcess.Start("fake-vertex", "Orchestrator.FakeVertex.dll", vertexPort, new Dictionary<string, string>
            {
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{vertexPort}",
                ["FakeVertex__LatencyMs"] = Text(options.LlmLatencyMs),
            }));
            await processes[^1].WaitReadyAsync(TimeSpan.FromSeconds(60), "/_stats");

            var cluster = new Dictionary<string, string>
            {
                ["DATABASE_URL"] = databaseUrl,
                ["REDIS_URL"] = redis.Url,
                ["ORLEANS_CLUSTER_ID"] = "bench",
                ["OPERATOR_API_KEY"] = OperatorKey,
                ["RateLimits__UserMessagesPerMinute"] = "0",
                ["RateLimits__TenantMessagesPerSecond"] = "0",
                ["RateLimits__PerIpPerMinute"] = "0",
                ["LLM_PROVIDER"] = "vertex",
                ["GEMINI_MODEL_NAME"] = "projects/bench/locations/us-central1/endpoints/1234567890",
                ["Llm__Vertex__BaseUrl"] = $"http://127.0.0.1:{vertexPort}",
                ["Llm__Vertex__AccessToken"] = "bench-token",
                ["Seed__Demo"] = "false",
                ["Orleans__AdvertisedAddress"] = "127.0.0.1",
            };
            for (var i = 0; i < options.Silos; i++)
            {
                var http = Tools.FreePort();
                var silo = ServiceProcess.Start($"silo-{i + 1}", "Orchestrator.Silo.dll", http, new Dictionary<string, string>(cluster)
                {
                    ["ORLEANS_SILO_PORT"] = Text(Tools.FreePort()),
                    ["ORLEANS_GATEWAY_PORT"] = Text(Tools.FreePort()),
                    ["ASPNETCORE_HTTP_PORTS"] = Text(http),
                });
                processes.Add(silo);
                await silo.WaitReadyAsync(TimeSpan.FromSeconds(120));
            }

            var gatewayPort = Tools.FreePort();
            var gateway = ServiceProcess.Start("gateway", "Orchestrator.Gateway.dll", gatewayPort, new Dictionary<string, string>(cluster)
            {
                ["API_HOST"] = "127.0.0.1",
                ["API_PORT"] = Text(gatewayPort),
            });
            processes.Add(gateway);
            await gateway.WaitReadyAsync(TimeSpan.FromSeconds(60));

            var tenants = await CreateTenantsAsync(gateway.BaseAddress, options);
            if (options.MemoryLevels is { } levels)
            {
                var silo = processes.First(p => p.Name.StartsWith("silo", StringComparison.Ordinal));
                await MemorySweep.RunAsync(gateway.BaseAddress, silo.BaseAddress, silo.ProcessId, tenants, levels);
                return 0;
            }

            var warmBodies = WriteBodies(Path.Combine(work, "warm.lua"), tenants, options, seed: 7, count: 40_000);
            var bodies = WriteBodies(Path.Combine(work, "bodies.lua"), tenants, options, seed: 42, count: 400_000);
            Console.Error.WriteLine($"[bench] {tenants.Count} shops × {options.Products} products; {bodies.Distinct} distinct questions in the run's list");

            var bare = options.SkipBare ? null : await MeasureBareAsync(work, options, processes);

            await using var desk = options.DeskSeconds > 0 ? SupportDesk.Start(gateway.BaseAddress, OperatorKey, tenants, options.DeskSeconds) : null;

            var dotnetServices = processes.Where(p => p.Name.StartsWith("silo", StringComparison.Ordinal) || p.Name == "gateway").ToList();
            if (options.WarmupSeconds > 0)
            {
                await WarmUpAsync(gateway.BaseAddress, warmBodies.Path, options, dotnetServices);
            }

            await using var database = NpgsqlDataSource.Create(Silo.Persistence.ConnectionSettings.Postgres(databaseUrl).ConnectionString);
            if (options.PgStatements)
            {
                await ExecuteAsync(database, "CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
                await ExecuteAsync(database, "SELECT pg_stat_statements_reset()");
            }

            var rowsBefore = await CountAsync(database);
            var walBefore = await PostgresActivity.ReadAsync(database);
            var callsBefore = await LlmCallsAsync(vertexPort);
            var resolvedBefore = desk?.Resolved ?? 0;
            using var metricsHttp = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            var pausesBefore = await ReadEachAsync(metricsHttp, dotnetServices, GcPauseSeconds);
            var cpuBefore = CpuSampler.Sample();
            var window = System.Diagnostics.Stopwatch.StartNew();
            var run = await Wrk.RunAsync(gateway.BaseAddress, bodies.Path, options);
            var cpuAfter = CpuSampler.Sample();
            var cpuSeconds = window.Elapsed.TotalSeconds;
            var pauses = await ReadEachAsync(metricsHttp, dotnetServices, GcPauseSeconds);
            var pauseShare = pauses.ToDictionary(kv => kv.Key, kv => (kv.Value - pausesBefore[kv.Key]) / cpuSeconds);
            var rows = await CountAsync(database) - rowsBefore;
            var wal = (await PostgresActivity.ReadAsync(database)) - walBefore;
            var calls = await LlmCallsAsync(vertexPort) - callsBefore;
            var resolved = (desk?.Resolved ?? 0) - resolvedBefore;
            var siloRss = processes.Where(p => p.Name.StartsWith("silo", StringComparison.Ordinal)).Sum(p => CpuSampler.RssKb(p.ProcessId));

            Report.Print(options, run, bare, rows, calls, resolved, desk?.Every, CpuSampler.Split(cpuBefore, cpuAfter, cpuSeconds), pauseShare, siloRss, tenants.Count, wal);
            if (options.PgStatements)
            {
                await PrintStatementsAsync(database, run.Requests);
            }

            return run.Errors == 0 ? 0 : 1;
        }
        finally
        {
            foreach (var process in Enumerable.Reverse(processes))
            {
                await process.DisposeAsync();
            }

            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>
    /// Sends other questions for at least <c>--warmup</c> seconds, then in 5-second rounds until the silo's and the
    /// gateway's JIT has settled (under 0.1 s of compilation per round, from their runtime metrics) or two more minutes
    /// have passed. Tiered compilation keeps recompiling hot methods (instrumented, then optimised) for 30-40 s of load on
    /// two busy cores; a measurement that starts earlier charges a quarter of the silo's CPU to the JIT.
    /// </summary>
    private static async Task WarmUpAsync(Uri gateway, string bodies, LoadOptions options, List<ServiceProcess> services)
    {
        const int Round = 5;
        const double Settled = 0.1;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        Console.Error.WriteLine($"[bench] warming up ({options.WarmupSeconds} s or more, other questions)");
        var before = await ReadEachAsync(http, services, JitSeconds);
        await Wrk.RunAsync(gateway, bodies, options with { DurationSeconds = options.WarmupSeconds });
        var total = options.WarmupSeconds;
        while (true)
        {
            var after = await ReadEachAsync(http, services, JitSeconds);
            var busiest = after.Max(kv => kv.Value - before.GetValueOrDefault(kv.Key));
            if ((total > options.WarmupSeconds && busiest < Settled) || total >= options.WarmupSeconds + 120)
            {
                var state = busiest < Settled ? "settled" : "not settled: measuring anyway";
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[bench] warmed up for {total} s (JIT {busiest:F2} s in the last round, {state})"));
                return;
            }

            before = after;
            await Wrk.RunAsync(gateway, bodies, options with { DurationSeconds = Round });
            total += Round;
        }
    }

    /// <summary>Seconds a .NET service has spent compiling methods, and with its threads stopped by the GC.</summary>
    private const string JitSeconds = "dotnet_jit_compilation_time_seconds_total";
    private const string GcPauseSeconds = "dotnet_gc_pause_time_seconds_total";

    /// <summary>One runtime metric of each service, by service name.</summary>
    private static async Task<Dictionary<string, double>> ReadEachAsync(HttpClient http, List<ServiceProcess> services, string metric)
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var service in services)
        {
            values[service.Name] = await ServiceMetrics.ReadAsync(http, service.BaseAddress, metric);
        }

        return values;
    }

    private static async Task<WrkResult?> MeasureBareAsync(string work, LoadOptions options, List<ServiceProcess> processes)
    {
        var port = Tools.FreePort();
        // This program again, in its bare-Kestrel mode (ServiceProcess runs "dotnet <dll>": the mode comes from the environment).
        var process = ServiceProcess.Start("bare-kestrel", "Orchestrator.Bench.Load.dll", port, new Dictionary<string, string> { ["BENCH_BARE_PORT"] = Text(port) });
        processes.Add(process);
        await process.WaitReadyAsync(TimeSpan.FromSeconds(60));
        Console.Error.WriteLine("[bench] bare Kestrel reference");
        var bodies = Path.Combine(work, "bodies.lua");
        await Wrk.RunAsync(new Uri($"http://127.0.0.1:{port}"), bodies, options with { DurationSeconds = 3 });
        var result = await Wrk.RunAsync(new Uri($"http://127.0.0.1:{port}"), bodies, options with { DurationSeconds = Math.Min(options.DurationSeconds, 10) });
        await process.DisposeAsync();
        processes.Remove(process);
        return result;
    }

    private static async Task<List<string>> CreateTenantsAsync(Uri gateway, LoadOptions options)
    {
        using var http = new HttpClient { BaseAddress = gateway };
        http.DefaultRequestHeaders.Add("X-API-Key", OperatorKey);
        var ids = Enumerable.Range(1, options.Tenants).Select(i => $"bench-shop-{i:D3}").ToList();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (id, cancellationToken) =>
        {
            var products = new JsonArray();
            for (var p = 0; p < options.Products; p++)
            {
                var name = BenchCatalogue.ProductNames[p % BenchCatalogue.ProductNames.Length] + (p < BenchCatalogue.ProductNames.Length ? "" : $" {p / BenchCatalogue.ProductNames.Length + 1}");
                products.Add(new JsonObject { ["id"] = $"p{p}", ["name"] = name, ["price"] = 100 + p * 7.5, ["stock_quantity"] = p % 5 == 0 ? 0 : 10 + p });
            }

            var meta = new JsonObject();
            foreach (var (key, value) in BenchCatalogue.Meta)
            {
                meta[key] = value;
            }

            var body = new JsonObject { ["id"] = id, ["name"] = $"Bench Butik {id[^3..]}", ["meta_data"] = meta, ["products"] = products };
            using var response = await http.PostAsync("/admin/businesses", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"), cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"Creating {id} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
            }
        });
        return ids;
    }

    /// <summary>A Lua file returning the request bodies: users spread over the shops (or all on one), the message mix per shop.</summary>
    private static (string Path, int Distinct) WriteBodies(string path, List<string> tenants, LoadOptions options, int seed, int count)
    {
        var random = new Random(seed);
        var names = BenchCatalogue.ProductNames.Take(Math.Min(options.Products, BenchCatalogue.ProductNames.Length)).ToList();
        var mixes = tenants.ToDictionary(t => t, t => new MessageMix(names, options.RepeatFraction, seed + t.GetHashCode(StringComparison.Ordinal)));
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        writer.WriteLine("return {");
        for (var i = 0; i < count; i++)
        {
            var user = random.Next(options.Users);
            var tenant = options.HotTenant ? tenants[0] : tenants[user % tenants.Count];
            var body = new JsonObject
            {
                ["mesaj_metni"] = mixes[tenant].Next(),
                ["kullanici_id"] = $"u{user}",
                ["isletme_id"] = tenant,
                ["platform"] = "whatsapp",
            }.ToJsonString();
            writer.Write('"');
            writer.Write(body.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal));
            writer.WriteLine("\",");
        }

        writer.WriteLine("}");
        return (path, mixes.Values.Sum(m => m.DistinctQuestions));
    }

    private static async Task ExecuteAsync(NpgsqlDataSource database, string sql)
    {
        await using var command = database.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>What PostgreSQL ran during the measured run, the costliest first, per answered message.</summary>
    private static async Task PrintStatementsAsync(NpgsqlDataSource database, long messages)
    {
        await using var command = database.CreateCommand("""
            SELECT calls, total_exec_time, rows, left(regexp_replace(query, '\s+', ' ', 'g'), 110)
            FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 15
            """);
        await using var reader = await command.ExecuteReaderAsync();
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine();
        Console.WriteLine("| statement | calls per 1,000 messages | rows per call | exec µs per message |");
        Console.WriteLine("| --- | --- | --- | --- |");
        while (await reader.ReadAsync())
        {
            var calls = reader.GetInt64(0);
            var text = reader.GetString(3).Replace("|", "\\|", StringComparison.Ordinal);
            Console.WriteLine(string.Create(c,
                $"| `{text}` | {calls * 1000.0 / messages:F1} | {(calls == 0 ? 0 : reader.GetInt64(2) / (double)calls):F1} | {reader.GetDouble(1) * 1000 / messages:F1} |"));
        }
    }

    private static async Task<long> CountAsync(NpgsqlDataSource database)
    {
        await using var command = database.CreateCommand("SELECT count(*) FROM interactions");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<long> LlmCallsAsync(int port)
    {
        using var http = new HttpClient();
        var stats = JsonNode.Parse(await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/_stats")))!;
        return (long)stats["calls"]!;
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
