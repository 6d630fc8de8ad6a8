using Orchestrator.Grains.Understanding.LocalModel;

namespace Orchestrator.Grains.Tests.Understanding.LocalModel;

public sealed class TextHelpersTests
{
    [Theory]
    [InlineData("gecelik", "geceligin", true)]
    [InlineData("pijama", "pijamasi", true)]
    [InlineData("kulaklik", "kulakligin", true)]
    [InlineData("kitap", "kitabi", true)]
    [InlineData("bal", "bali", true)]
    [InlineData("sureniz", "suresi", true)]
    [InlineData("bal", "bardak", false)]
    [InlineData("elbise", "elbette", false)]
    [InlineData("e", "e", true)]
    [InlineData("tv", "tl", false)]
    public void ComparesTurkishWordsSuffixTolerantly(string a, string b, bool same)
    {
        Assert.Equal(same, WordStems.SameWord(a, b));
        Assert.Equal(same, WordStems.SameWord(b, a));
    }

    [Fact]
    public void TokenizesKeepingOriginalPositions()
    {
        const string Text = "  Samsung'un  GECELİĞİN, fiyatı? 😀 e-posta";

        var tokens = MessageTokenizer.Tokenize(Text);

        Assert.Equal(["samsungun", "geceligin", "fiyati", "e", "posta"], tokens.Select(t => t.Normalized));
        Assert.Equal(["Samsung'un", "GECELİĞİN", "fiyatı", "e", "posta"], tokens.Select(t => Text.Substring(t.Start, t.Length)));
        Assert.Equal(TokenShape.Capitalized, tokens[0].Shape);
        Assert.Equal(TokenShape.Upper, tokens[1].Shape);
    }

    [Fact]
    public void LimitsTheNumberOfTokens() =>
        Assert.Equal(3, MessageTokenizer.Tokenize("bir iki üç dört beş", maxTokens: 3).Length);

    [Fact]
    public void SpreadsEveryLabelEvenlyOverTheFolds()
    {
        var labels = Enumerable.Range(0, 103).Select(i => i % 3 == 0 ? "a" : i % 3 == 1 ? "b" : "c").ToArray();

        var folds = StratifiedFolds.Assign(labels, 5, seed: 1);

        Assert.Equal(folds, StratifiedFolds.Assign(labels, 5, seed: 1));
        foreach (var label in new[] { "a", "b", "c" })
        {
            var sizes = Enumerable.Range(0, 5).Select(f => folds.Where((fold, i) => fold == f && labels[i] == label).Count()).ToArray();
            Assert.True(sizes.Max() - sizes.Min() <= 1, $"{label}: {string.Join(",", sizes)}");
        }
    }
}
