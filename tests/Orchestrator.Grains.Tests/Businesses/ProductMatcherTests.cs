using Orchestrator.GrainInterfaces;
using Orchestrator.Grains.Businesses;

namespace Orchestrator.Grains.Tests.Businesses;

public sealed class ProductMatcherTests
{
    private static readonly ProductMatcher Lingerie = Matcher("Saten Gecelik", "Pamuk Pijama Takımı", "Dantelli Sabahlık", "Kitap Ayracı", "Çocuk Pijaması (2-3 yaş)", "iPhone 15 Kılıf");

    [Theory]
    [InlineData("Saten Gecelik")]
    [InlineData("saten gecelik")]
    [InlineData("SATEN GECELİK")]
    [InlineData("gecelik")]
    [InlineData("geceliğin")]
    [InlineData("GECELİĞİN")]
    [InlineData("gecelıgın")]
    [InlineData("geceliği")]
    [InlineData("gecelikler")]
    [InlineData("geceliklerin")]
    [InlineData("geceliklerimizden")]
    [InlineData("gecelikte")]
    [InlineData("saten geceliğin fiyatı")]
    [InlineData("bu saten gecelik için")]
    public void FindsTheProductThroughCaseDiacriticsAndSuffixes(string phrase) =>
        AssertSingle("Saten Gecelik", Lingerie.Match(phrase));

    [Theory]
    [InlineData("gecelk")]
    [InlineData("geceilk")]
    [InlineData("egcelik")]
    [InlineData("satn gecelik")]
    [InlineData("geclikler")]
    public void FindsTheProductDespiteATypo(string phrase) =>
        AssertSingle("Saten Gecelik", Lingerie.Match(phrase));

    [Theory]
    [InlineData("kitabı", "Kitap Ayracı")]
    [InlineData("sabahlığı", "Dantelli Sabahlık")]
    [InlineData("pamuk pijama takımı", "Pamuk Pijama Takımı")]
    [InlineData("iphone 15 kılıfı", "iPhone 15 Kılıf")]
    [InlineData("çocuk pijaması", "Çocuk Pijaması (2-3 yaş)")]
    public void FindsProductsThroughSofteningAndMultiWordNames(string phrase, string expected) =>
        AssertSingle(expected, Lingerie.Match(phrase));

    [Fact]
    public void AsksWhichProductWhenSeveralMatchEqually()
    {
        var matcher = Matcher("Saten Gecelik", "Pamuk Gecelik", "Saten Pijama");

        var match = matcher.Match("gecelik");

        Assert.Equal(ProductMatchKind.Ambiguous, match.Kind);
        Assert.Null(match.Product);
        Assert.Equal(["Pamuk Gecelik", "Saten Gecelik"], match.Candidates.Select(p => p.Name));
    }

    [Fact]
    public void PrefersTheProductWhoseWholeNameWasNamed()
    {
        var matcher = Matcher("Saten Gecelik", "Pamuk Gecelik", "Saten Pijama");

        AssertSingle("Saten Gecelik", matcher.Match("saten geceliğin"));
        AssertSingle("Pamuk Gecelik", matcher.Match("pamuk gecelik"));
    }

    [Fact]
    public void PrefersAProductNamedExactlyLikeThePhrase()
    {
        var matcher = Matcher("Gecelik", "Saten Gecelik");

        AssertSingle("Gecelik", matcher.Match("gecelik"));
    }

    [Fact]
    public void FindsTheDemoProductFromItsLastWord() =>
        AssertSingle("Test Gecelik", Matcher("Test Gecelik", "Pamuk Pijama Takımı", "Dantelli Sabahlık").Match("gecelik"));

    [Fact]
    public void DoesNotAnswerForAProductWhenThePhraseAlsoNamesSomethingElse()
    {
        var match = Matcher("Saten Gecelik", "Yün Atkı", "Deri Cüzdan").Match("saten elbise");

        Assert.Equal(ProductMatchKind.NotFound, match.Kind);
        Assert.Equal("Saten Gecelik", match.Candidates[0].Name);
    }

    [Fact]
    public void SuggestsSimilarlySpelledNamesWhenNothingMatches()
    {
        var match = Matcher("Satenli Gecelik", "Yün Atkı", "Deri Cüzdan").Match("saten");

        Assert.Equal(ProductMatchKind.NotFound, match.Kind);
        Assert.Equal("Satenli Gecelik", Assert.Single(match.Candidates).Name);
    }

    [Fact]
    public void ReportsNotFoundWithoutSuggestionsForSomethingUnrelated()
    {
        var match = Lingerie.Match("buzdolabı");

        Assert.Equal(ProductMatchKind.NotFound, match.Kind);
        Assert.Empty(match.Candidates);
    }

    [Theory]
    [InlineData("fiyatı ne kadar")]
    [InlineData("stokta var mı acaba")]
    [InlineData("bu ürün için lütfen")]
    public void QuestionWordsAloneMatchNoProduct(string phrase) =>
        Assert.Equal(ProductMatchKind.NotFound, Lingerie.Match(phrase).Kind);

    [Fact]
    public void AShortProductWordDoesNotMatchLongUnrelatedWords() =>
        Assert.Equal(ProductMatchKind.NotFound, Matcher("Set", "Kap").Match("setuskalemlik kapitalizm").Kind);

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("?!")]
    public void AnEmptyPhraseMatchesNothing(string phrase)
    {
        var match = Lingerie.Match(phrase);

        Assert.Equal(ProductMatchKind.NotFound, match.Kind);
        Assert.Empty(match.Candidates);
    }

    [Fact]
    public void AnEmptyCatalogueMatchesNothing() =>
        Assert.Equal(ProductMatchKind.NotFound, Matcher().Match("gecelik").Kind);

    [Fact]
    public void FindsAProductInALargeCatalogue()
    {
        var names = Enumerable.Range(0, 5000).Select(i => $"Ürün {i} Model{i % 97}").Append("Saten Gecelik").ToArray();

        AssertSingle("Saten Gecelik", Matcher(names).Match("saten geceliğin fiyatı"));
    }

    [Theory]
    [InlineData("gecelik", "gecelik", 0)]
    [InlineData("gecelk", "gecelik", 1)]
    [InlineData("geceilk", "gecelik", 1)]
    [InlineData("abc", "xyz", 3)]
    public void MeasuresEditDistanceWithTranspositions(string a, string b, int expected) =>
        Assert.Equal(expected, ProductMatcher.Distance(a, b, 5));

    [Fact]
    public void ARepeatedPhraseIsAnsweredFromMemoryWithTheSameMatch()
    {
        var matcher = Matcher("Saten Gecelik", "Pamuk Gecelik", "Dantelli Sabahlık");

        var first = matcher.Match("gecelik");
        var again = matcher.Match("gecelik");

        Assert.Same(first, again);
        Assert.Equal(ProductMatchKind.Ambiguous, again.Kind);
        Assert.Equal(matcher.Find("gecelik").Candidates, again.Candidates);
        Assert.Equal(1, matcher.RememberedPhrases);
    }

    [Fact]
    public void TheMemoryOfPhrasesStaysBounded()
    {
        var matcher = Matcher("Saten Gecelik");

        for (var i = 0; i <= ProductMatcher.MaxRememberedPhrases; i++)
        {
            matcher.Match($"gecelik {i}");
        }

        Assert.InRange(matcher.RememberedPhrases, 1, ProductMatcher.MaxRememberedPhrases);
        AssertSingle("Saten Gecelik", matcher.Match("saten gecelik"));
    }

    [Fact]
    public void ANewCatalogueVersionDoesNotAnswerFromTheOldVersionsMemory()
    {
        var profile = new BusinessProfile("shop", "Shop", "Merhaba", System.Collections.Immutable.ImmutableSortedDictionary<string, string>.Empty, default, default, 1);
        var before = new TenantCatalogue(profile, [new ProductInfo("p1", "Saten Gecelik", 100, 1, default)]);
        AssertSingle("Saten Gecelik", before.Matcher.Match("saten gecelik"));

        var after = new TenantCatalogue(profile with { Version = 2 },
            [new ProductInfo("p1", "İpek Gecelik", 100, 1, default), new ProductInfo("p2", "Saten Sabahlık", 80, 1, default)]);

        Assert.Equal(ProductMatchKind.NotFound, after.Matcher.Match("saten gecelik").Kind);
        AssertSingle("İpek Gecelik", after.Matcher.Match("ipek gecelik"));
    }

    private static ProductMatcher Matcher(params string[] names) =>
        new(names.Select((name, i) => new ProductInfo($"p{i}", name, 100, 1, default)));

    private static void AssertSingle(string expected, ProductMatch match)
    {
        Assert.Equal(ProductMatchKind.Single, match.Kind);
        Assert.Equal(expected, match.Product!.Name);
        Assert.Equal(match.Product, Assert.Single(match.Candidates));
    }
}
