using Orchestrator.Grains.Businesses;

namespace Orchestrator.Grains.Tests.Businesses;

public sealed class BusinessRulesTests
{
    [Theory]
    [InlineData("business456")]
    [InlineData("a")]
    [InlineData("shop_1.main-2")]
    [InlineData("0f8fad5b-d9cb-469f-a165-70867728950e")]
    public void AcceptsSlugIds(string id) => Assert.Null(BusinessRules.CheckId(id));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("-leading-dash")]
    [InlineData("has space")]
    [InlineData("has/slash")]
    [InlineData("türkçe")]
    public void RejectsIdsThatAreNotSlugs(string? id) => Assert.NotNull(BusinessRules.CheckId(id));

    [Fact]
    public void RejectsIdsLongerThanTheLimit()
    {
        Assert.Null(BusinessRules.CheckId(new string('a', 64)));
        Assert.NotNull(BusinessRules.CheckId(new string('a', 65)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(299.99)]
    [InlineData(100000000)]
    public void AcceptsPricesWithAtMostTwoDecimals(double price) => Assert.Null(BusinessRules.CheckPrice((decimal)price));

    [Theory]
    [InlineData(-0.01)]
    [InlineData(1.234)]
    [InlineData(100000000.01)]
    public void RejectsNegativeOverlyPreciseOrHugePrices(double price) => Assert.NotNull(BusinessRules.CheckPrice((decimal)price));

    [Theory]
    [InlineData("iade", true)]
    [InlineData("calisma_saatleri", true)]
    [InlineData("çalışma_saatleri", true)]
    [InlineData("Iade", false)]
    [InlineData("iade politikası", false)]
    [InlineData("", false)]
    public void AcceptsLowerCaseMetaKeys(string key, bool valid) => Assert.Equal(valid, BusinessRules.CheckMetaKey(key) is null);

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    [InlineData("bell\u0007")]
    public void RejectsBlankOrControlCharacterNames(string? name) => Assert.NotNull(BusinessRules.CheckName(name));

    [Theory]
    [InlineData(-1, false)]
    [InlineData(0, true)]
    [InlineData(100000000, true)]
    [InlineData(100000001, false)]
    public void AcceptsStockBetweenZeroAndTheLimit(long stock, bool valid) => Assert.Equal(valid, BusinessRules.CheckStock(stock) is null);
}
