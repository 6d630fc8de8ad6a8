using Orchestrator.Grains.Understanding;

namespace Orchestrator.Grains.Tests.Understanding;

public sealed class TurkishTextTests
{
    [Theory]
    [InlineData("İSTANBUL", "istanbul")]
    [InlineData("IŞIK", "ışık")]
    [InlineData("Iğdır", "ığdır")]
    [InlineData("ÇĞÖŞÜ", "çğöşü")]
    [InlineData("Saten Gecelik", "saten gecelik")]
    public void LowerCasesTheTurkishWay(string input, string expected) =>
        Assert.Equal(expected, TurkishText.ToLower(input));

    [Theory]
    [InlineData("şğüöçı", "sguoci")]
    [InlineData("kâr hâlâ îmân û", "kar hala iman u")]
    [InlineData("gecelik", "gecelik")]
    public void FoldsDiacritics(string input, string expected) =>
        Assert.Equal(expected, TurkishText.FoldDiacritics(input));

    [Theory]
    [InlineData("Geceliğin FİYATI?", "geceligin fiyati")]
    [InlineData("gecelıgın", "geceligin")]
    [InlineData("  gecelik   fiyatı  ne kadar ?? ", "gecelik fiyati ne kadar")]
    [InlineData("IŞIKLI LAMBA", "isikli lamba")]
    [InlineData("Samsung'un şarj aleti", "samsungun sarj aleti")]
    [InlineData("Samsung’un", "samsungun")]
    [InlineData("iade\tpolitikası\nnedir", "iade politikasi nedir")]
    [InlineData("299.99 TL!", "299 99 tl")]
    [InlineData("...", "")]
    [InlineData("", "")]
    [InlineData("merhaba 👋", "merhaba")]
    public void NormalizesForMatching(string input, string expected) =>
        Assert.Equal(expected, TurkishText.Normalize(input));

    [Fact]
    public void DropsCombiningMarksOfDecomposedText()
    {
        // "İ" lower-cased by culture-free full mapping gives "i" + U+0307; decomposed "ş" is "s" + U+0327.
        Assert.Equal("istanbul", TurkishText.Normalize("i\u0307stanbul"));
        Assert.Equal("sapka", TurkishText.Normalize("s\u0327apka"));
    }

    [Fact]
    public void NormalizesLongTextBeyondTheStackBuffer()
    {
        var input = string.Concat(Enumerable.Repeat("ŞEKER ", 200));
        var expected = string.Join(' ', Enumerable.Repeat("seker", 200));
        Assert.Equal(expected, TurkishText.Normalize(input));
    }

    [Fact]
    public void SpellingsOfTheSameWordShareOneForm()
    {
        string[] spellings = ["geceliğin", "GECELİĞİN", "gecelıgın", "Gecelığin", "geceligin"];
        Assert.Single(spellings.Select(TurkishText.Normalize).Distinct());
    }

    [Fact]
    public void TokenizesIntoNormalizedWords()
    {
        Assert.Equal(["saten", "gecelik", "fiyati"], TurkishText.Tokenize("Saten GECELİK, fiyatı?"));
        Assert.Empty(TurkishText.Tokenize(" ?! "));
    }
}
