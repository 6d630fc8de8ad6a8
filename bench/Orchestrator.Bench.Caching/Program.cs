using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orchestrator.GrainInterfaces;
using Orchestrator.Grains.Understanding;
using Orchestrator.Grains.Understanding.LocalModel;
using Orchestrator.Silo.Hosting;

namespace Orchestrator.Bench;

/// <summary>
/// Sends the same realistic message streams through an in-process silo twice, with the caches on and off, and
/// counts the model calls. Usage: <c>dotnet run -c Release --project bench/Orchestrator.Bench.Caching -- [messages] [concurrency]</c>.
/// </summary>
public static class Program
{
    private const int Tenants = 5;
    private const int UsersPerTenant = 200;

    public static async Task<int> Main(string[] args)
    {
        var messages = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
        var concurrency = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 8;
        double[] repeatFractions = [0.0, 0.5, 0.7, 0.9];

        Console.WriteLine($"Model calls for {messages} messages ({Tenants} shops x 20 products, {Tenants * UsersPerTenant} users, {concurrency} at a time)");
        Console.WriteLine();
        Console.WriteLine("repeat | distinct questions | calls without caches | calls with caches | per 1,000 with caches | saved | llm hit rate | answer hits");
        Console.WriteLine("-------|--------------------|----------------------|-------------------|-----------------------|-------|--------------|------------");
        foreach (var repeat in repeatFractions)
        {
            var without = await RunAsync(repeat, messages, concurrency, cachesEnabled: false);
            var with = await RunAsync(repeat, messages, concurrency, cachesEnabled: true);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{repeat,6:0.0} | {with.Distinct,18} | {without.Calls,20} | {with.Calls,17} | {with.Calls * 1000.0 / messages,21:0.0} | {1 - (double)with.Calls / without.Calls,5:P0} | {with.HitRate,12:P1} | {with.AnswerHits,10}"));
        }

        return 0;
    }

    private static async Task<Result> RunAsync(double repeat, int messages, int concurrency, bool cachesEnabled)
    {
        var model = new CountingModel(new LocalIntentModel());
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Seed:Demo"] = "false",
            ["Cache:Enabled"] = cachesEnabled ? "true" : "false",
            ["Orleans:SiloPort"] = FreePort().ToString(CultureInfo.InvariantCulture),
            ["Orleans:GatewayPort"] = FreePort().ToString(CultureInfo.InvariantCulture),
        });
        builder.AddOrchestratorSilo();
        builder.Services.AddSingleton<IIntentModel>(model);
        using var host = builder.Build();
        await host.StartAsync();
        var grains = host.Services.GetRequiredService<IGrainFactory>();

        var meta = BenchCatalogue.Meta.ToImmutableSortedDictionary(StringComparer.Ordinal);
        var products = BenchCatalogue.ProductNames.Select((name, i) => new NewProduct($"p{i}", name, 100 + (i * 25.5m), i % 7)).ToImmutableArray();
        for (var t = 0; t < Tenants; t++)
        {
            await grains.GetBusiness($"shop-{t}").Create(new NewBusiness($"Mağaza {t}", null, meta, products));
        }

        // One stream of questions per shop: repeats are repeats within a shop, as the caches are per shop.
        var mixes = Enumerable.Range(0, Tenants).Select(t => new MessageMix(BenchCatalogue.ProductNames, repeat, seed: 1000 + t)).ToArray();
        var plan = Enumerable.Range(0, messages).Select(i => (Tenant: i % Tenants, User: (i / Tenants) % UsersPerTenant, Text: mixes[i % Tenants].Next())).ToArray();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < plan.Length)
            {
                var (tenant, user, text) = plan[i];
                await grains.GetSession($"shop-{tenant}", "web", $"user-{user}").Handle(new IncomingMessage(text, null, null, DateTimeOffset.UtcNow));
            }
        }));

        long hits = 0, misses = 0, answerHits = 0;
        for (var t = 0; t < Tenants; t++)
        {
            var statistics = await grains.GetBusiness($"shop-{t}").GetCacheStatistics();
            hits += statistics!.Llm.Hits;
            misses += statistics.Llm.Misses;
            answerHits += statistics.Answers.Hits;
        }

        await host.StopAsync();
        return new Result(model.Calls, mixes.Sum(m => m.DistinctQuestions), hits + misses == 0 ? 0 : (double)hits / (hits + misses), answerHits);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed record Result(int Calls, int Distinct, double HitRate, long AnswerHits);

    private sealed class CountingModel(IIntentModel inner) : IIntentModel
    {
        private int _calls;

        public int Calls => _calls;

        public string Name => inner.Name;

        public ValueTask<ModelResponse> CompleteAsync(ModelRequest request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            return inner.CompleteAsync(request, cancellationToken);
        }
    }
}
