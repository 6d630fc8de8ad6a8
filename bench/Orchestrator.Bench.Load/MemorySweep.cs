using System.Globalization;
using System.Text.Json.Nodes;

namespace Orchestrator.Bench.Load;

/// <summary>
/// <c>--memory 0,5000,10000,20000</c>: activates that many sessions (one message from each new user, spread over the
/// shops), lets them go idle, and reads the silo's resident memory and its managed heap after the last collection
/// (<c>GET /metrics</c>). The cost of one idle session is the slope of the heap between the levels.
/// </summary>
public static class MemorySweep
{
    public static async Task RunAsync(Uri gateway, Uri silo, int siloPid, IReadOnlyList<string> tenants, IReadOnlyList<int> levels)
    {
        using var http = new HttpClient { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(30) };
        using var metrics = new HttpClient();
        var rows = new List<(int Sessions, double RssMb, double HeapMb)>();
        var active = 0;
        foreach (var level in levels)
        {
            var from = active;
            await Parallel.ForEachAsync(Enumerable.Range(from, Math.Max(0, level - from)), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (user, cancellationToken) =>
            {
                var body = new JsonObject
                {
                    ["mesaj_metni"] = "merhaba, iade politikanız nedir?",
                    ["kullanici_id"] = $"m{user}",
                    ["isletme_id"] = tenants[user % tenants.Count],
                    ["platform"] = "web",
                    ["mesaj_id"] = $"mem-{user}",
                };
                using var response = await http.PostAsJsonAsync("/webhook", body, cancellationToken);
                response.EnsureSuccessStatusCode();
            });
            active = Math.Max(active, level);

            // Idle for a while: the pending work drains and the runtime's periodic collections run.
            await Task.Delay(TimeSpan.FromSeconds(10));
            // The heap size after the last collection, summed over generations, from the runtime metrics.
            var heap = await ServiceMetrics.ReadAsync(metrics, silo, "dotnet_gc_last_collection_heap_size_bytes");
            rows.Add((active, CpuSampler.RssKb(siloPid) / 1024.0, heap / 1048576.0));
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[bench] {active} sessions: RSS {rows[^1].RssMb:F0} MB, managed heap {rows[^1].HeapMb:F1} MB"));
        }

        var c = CultureInfo.InvariantCulture;
        Console.WriteLine();
        Console.WriteLine("| active sessions (idle) | silo RSS (MB) | managed heap after last GC (MB) | heap per session since the previous row |");
        Console.WriteLine("| --- | --- | --- | --- |");
        for (var i = 0; i < rows.Count; i++)
        {
            var perSession = i == 0 || rows[i].Sessions == rows[i - 1].Sessions
                ? "–"
                : string.Create(c, $"{(rows[i].HeapMb - rows[i - 1].HeapMb) * 1048576 / (rows[i].Sessions - rows[i - 1].Sessions):F0} B");
            Console.WriteLine(string.Create(c, $"| {rows[i].Sessions} | {rows[i].RssMb:F0} | {rows[i].HeapMb:F1} | {perSession} |"));
        }
    }
}
