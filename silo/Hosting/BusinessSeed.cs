using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using Orchestrator.GrainInterfaces;
using Orchestrator.Grains.Businesses;

namespace Orchestrator.Silo.Hosting;

/// <summary>Seed data settings (section <c>Seed</c>).</summary>
public sealed class SeedOptions
{
    public const string Section = "Seed";

    /// <summary>Create the demo tenant <c>business456</c> when it does not exist. Default: on in embedded mode, off in cluster mode.</summary>
    public bool? Demo { get; set; }

    /// <summary>A JSON file of tenants to create when they do not exist (same shape as the demo file and the admin API).</summary>
    public string? File { get; set; }
}

/// <summary>
/// Creates the tenants of the seed files that do not exist yet, through their grains (so the normal write path and
/// its rules apply). Idempotent: several silos starting together each try, and the tenant grain lets one win.
/// </summary>
public sealed partial class BusinessSeeder(IGrainFactory grains, ILogger<BusinessSeeder> logger)
{
    public const string DemoResource = "Orchestrator.Silo.Seed.demo-tenants.json";

    public async Task SeedAsync(Stream json, string source, CancellationToken cancellationToken)
    {
        var businesses = Parse(json, source);
        foreach (var (id, business) in businesses)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var result = await grains.GetBusiness(id).Create(business);
            if (result.Status == AdminStatus.Created)
            {
                LogSeeded(logger, id, business.Products.Length, source);
            }
        }
    }

    public static Stream OpenDemo() =>
        typeof(BusinessSeeder).Assembly.GetManifestResourceStream(DemoResource)
        ?? throw new InvalidOperationException($"The demo seed resource {DemoResource} is missing from the build.");

    /// <summary>Reads and checks a seed file; every problem names the file and the entry.</summary>
    public static IReadOnlyList<(string Id, NewBusiness Business)> Parse(Stream json, string source)
    {
        SeedFile? file;
        try
        {
            file = JsonSerializer.Deserialize(json, SeedJsonContext.Default.SeedFile);
        }
        catch (JsonException exception)
        {
            throw new SettingsException("Seed:File", $"{source} is not valid JSON: {exception.Message}");
        }

        if (file?.Businesses is not { } entries)
        {
            throw new SettingsException("Seed:File", $"{source} must be an object with a \"businesses\" array.");
        }

        var result = new List<(string, NewBusiness)>();
        for (var i = 0; i < entries.Length; i++)
        {
            var entry = entries[i];
            var at = $"{source}: businesses[{i}]";
            Check(at, "id", BusinessRules.CheckId(entry.Id));
            Check(at, "name", BusinessRules.CheckName(entry.Name));
            if (entry.GreetingMessage is not null)
            {
                Check(at, "greeting_message", BusinessRules.CheckGreeting(entry.GreetingMessage));
            }

            var meta = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
            foreach (var (key, value) in entry.MetaData ?? [])
            {
                Check(at, $"meta_data.{key}", BusinessRules.CheckMetaKey(key) ?? BusinessRules.CheckMetaValue(value));
                meta[key] = value;
            }

            var products = ImmutableArray.CreateBuilder<NewProduct>();
            var productIds = new HashSet<string>(StringComparer.Ordinal);
            for (var p = 0; p < (entry.Products?.Length ?? 0); p++)
            {
                var product = entry.Products![p];
                var field = $"products[{p}]";
                Check(at, $"{field}.id", BusinessRules.CheckId(product.Id));
                Check(at, $"{field}.name", BusinessRules.CheckName(product.Name));
                Check(at, $"{field}.price", BusinessRules.CheckPrice(product.Price));
                Check(at, $"{field}.stock_quantity", BusinessRules.CheckStock(product.StockQuantity));
                Check(at, $"{field}.id", productIds.Add(product.Id!) ? null : "is used twice.");
                products.Add(new NewProduct(product.Id, product.Name!, product.Price, product.StockQuantity));
            }

            result.Add((entry.Id!, new NewBusiness(entry.Name!, entry.GreetingMessage, meta.ToImmutable(), products.ToImmutable())));
        }

        return result;
    }

    private static void Check(string at, string field, string? problem)
    {
        if (problem is not null)
        {
            throw new SettingsException("Seed:File", $"{at}.{field} {problem}");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded business {BusinessId} with {ProductCount} products from {Source}")]
    private static partial void LogSeeded(ILogger logger, string businessId, int productCount, string source);
}

internal sealed record SeedFile(SeedBusiness[]? Businesses);

internal sealed record SeedBusiness(
    string? Id,
    string? Name,
    string? GreetingMessage,
    Dictionary<string, string>? MetaData,
    SeedProduct[]? Products);

internal sealed record SeedProduct(string? Id, string? Name, decimal Price, int StockQuantity);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(SeedFile))]
internal sealed partial class SeedJsonContext : JsonSerializerContext;
