using System.Collections.Immutable;
using Orchestrator.GrainInterfaces;
using Orchestrator.IntegrationTests.Infrastructure;
using Orchestrator.Silo.Persistence;

namespace Orchestrator.IntegrationTests;

[Collection(ServersCollection.Name)]
public sealed class BusinessStoreTests(Servers servers) : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);
    private Database _database = null!;
    private PostgresBusinessStore _store = null!;

    public async Task InitializeAsync()
    {
        _database = await Database.CreateAsync(servers.Postgres);
        _store = new PostgresBusinessStore(_database.DataSource);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task CreatesAndLoadsABusinessWithItsCatalogueAndMeta()
    {
        var business = Business("shop-1", ("p1", "Saten Gecelik", 299.99m, 5), ("p2", "Pamuk Pijama", 450m, 0));

        Assert.True(await _store.CreateAsync(business, default));
        var loaded = await _store.LoadAsync("shop-1", default);

        Assert.NotNull(loaded);
        Assert.Equal(business.Profile, loaded!.Profile with { Meta = business.Profile.Meta });
        Assert.Equal(business.Profile.Meta, loaded.Profile.Meta);
        Assert.Equal(business.Products.AsEnumerable(), loaded.Products.AsEnumerable());
    }

    [Fact]
    public async Task RefusesASecondBusinessWithTheSameId()
    {
        Assert.True(await _store.CreateAsync(Business("shop-2"), default));
        Assert.False(await _store.CreateAsync(Business("shop-2", ("p9", "Başka", 1m, 1)), default));
        Assert.Empty((await _store.LoadAsync("shop-2", default))!.Products);
    }

    [Fact]
    public async Task SavesProfileAndProductChangesWithTheNewVersion()
    {
        var business = Business("shop-3", ("p1", "Saten Gecelik", 299.99m, 5));
        await _store.CreateAsync(business, default);
        var later = Now.AddMinutes(5);

        var renamed = business.Profile with { Name = "Yeni Ad", GreetingMessage = "Selam", Meta = business.Profile.Meta.SetItem("kargo", "2 gün"), Version = 2, UpdatedAt = later };
        await _store.SaveProfileAsync(renamed, default);
        var repriced = renamed with { Version = 3, UpdatedAt = later };
        await _store.SaveProductAsync(repriced, new ProductInfo("p1", "Saten Gecelik", 349.5m, 3, later), default);
        var added = renamed with { Version = 4, UpdatedAt = later };
        await _store.SaveProductAsync(added, new ProductInfo("p2", "Sabahlık", 10m, 1, later), default);
        var removed = renamed with { Version = 5, UpdatedAt = later };
        await _store.DeleteProductAsync(removed, "p2", default);

        var loaded = (await _store.LoadAsync("shop-3", default))!;
        Assert.Equal("Yeni Ad", loaded.Profile.Name);
        Assert.Equal("2 gün", loaded.Profile.Meta["kargo"]);
        Assert.Equal(5, loaded.Profile.Version);
        var product = Assert.Single(loaded.Products);
        Assert.Equal(349.5m, product.Price);
        Assert.Equal(3, product.StockQuantity);
    }

    [Fact]
    public async Task DeletingABusinessDeletesItsCatalogue()
    {
        await _store.CreateAsync(Business("shop-4", ("p1", "Saten Gecelik", 1m, 1)), default);

        Assert.True(await _store.DeleteAsync("shop-4", default));
        Assert.False(await _store.DeleteAsync("shop-4", default));
        Assert.Null(await _store.LoadAsync("shop-4", default));
        Assert.Equal(0, await _database.ScalarAsync("SELECT count(*) FROM products WHERE business_id = 'shop-4'"));
    }

    [Fact]
    public async Task ListsBusinessesByIdInPagesWithTheTotal()
    {
        foreach (var id in new[] { "list-c", "list-a", "list-b" })
        {
            await _store.CreateAsync(Business(id, ("p1", "X", 1m, 1)), default);
        }

        var first = await _store.ListAsync(0, 2, default);
        var second = await _store.ListAsync(2, 2, default);

        var all = first.Items.Concat(second.Items).Where(b => b.Id.StartsWith("list-", StringComparison.Ordinal)).Select(b => b.Id);
        Assert.Equal(["list-a", "list-b", "list-c"], all);
        Assert.Equal(first.Total, second.Total);
        Assert.Equal(1, first.Items.First(b => b.Id == "list-a").ProductCount);
    }

    [Fact]
    public async Task KeepsTurkishTextAndSpecialCharactersIntact()
    {
        var business = Business("shop-5", ("p1", "Çocuk Pijaması (2-3 yaş) 'özel' \"set\"", 1m, 1)) is var b
            ? b with { Profile = b.Profile with { Meta = b.Profile.Meta.SetItem("çalışma_saatleri", "Pzt–Cuma 09:00 \"öğle arası\" hariç") } }
            : null!;
        await _store.CreateAsync(business, default);

        var loaded = (await _store.LoadAsync("shop-5", default))!;

        Assert.Equal(business.Products[0].Name, loaded.Products[0].Name);
        Assert.Equal(business.Profile.Meta["çalışma_saatleri"], loaded.Profile.Meta["çalışma_saatleri"]);
    }

    internal static BusinessSnapshot Business(string id, params (string Id, string Name, decimal Price, int Stock)[] products) => new(
        new BusinessProfile(id, "Test Butik", "Merhaba!", ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, new Dictionary<string, string> { ["iade"] = "14 gün" }), Now, Now, 1),
        [.. products.Select(p => new ProductInfo(p.Id, p.Name, p.Price, p.Stock, Now))]);
}
