using Orchestrator.Grains.Understanding;
using Orchestrator.Grains.Understanding.LocalModel;

namespace Orchestrator.Grains.Tests.Understanding.LocalModel;

public sealed class IntentTrainingSetTests
{
    [Fact]
    public void ShipsAVariedTrainingSetForEveryIntent()
    {
        var examples = IntentTrainingSet.Embedded.Examples;

        Assert.True(examples.Count >= 700, $"{examples.Count} examples");
        foreach (var intent in Enum.GetValues<Intent>())
        {
            Assert.True(examples.Count(e => e.Intent == intent) >= 60, $"{intent} has too few examples");
        }

        var keys = examples.Where(e => e.Intent == Intent.BusinessInfo).Select(e => e.InfoType).ToHashSet();
        Assert.Superset(new HashSet<string?>(["iade", "kargo", "telefon", "adres", "calisma_saatleri", "odeme"]), keys);
        Assert.True(examples.Where(e => e.HasProduct).Select(e => TurkishText.Normalize(e.Product!)).Distinct().Count() >= 150);
        Assert.Equal(examples.Count, examples.Select(e => e.Text).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void HashesTheSourceIntoEightHexDigits() =>
        Assert.Matches("^[0-9a-f]{8}$", IntentTrainingSet.Embedded.Hash);

    [Fact]
    public void ReadsLabelsMetaKeysAndProductMarkers()
    {
        var set = IntentTrainingSet.Parse("""
            # a comment
            product_price	[Saten geceliğin] fiyatı nedir?

            business_info:kargo	kargo ücreti ne kadar
            other	teşekkürler
            """);

        Assert.Collection(
            set.Examples,
            e =>
            {
                Assert.Equal(Intent.ProductPrice, e.Intent);
                Assert.Equal("Saten geceliğin fiyatı nedir?", e.Text);
                Assert.Equal("Saten geceliğin", e.Product);
            },
            e =>
            {
                Assert.Equal(Intent.BusinessInfo, e.Intent);
                Assert.Equal("kargo", e.InfoType);
                Assert.Null(e.Product);
            },
            e => Assert.Equal("other", e.Label));
    }

    [Theory]
    [InlineData("price\tgecelik fiyatı", "unknown intent")]
    [InlineData("business_info\tkargo", "meta key")]
    [InlineData("greeting:kargo\tmerhaba", "only business_info")]
    [InlineData("product_price\t[gece]lik fiyatı", "whole words")]
    [InlineData("product_price\t[gecelik] ve [pijama] fiyatı", "at most one")]
    [InlineData("product_price", "two tab-separated")]
    [InlineData("product_price\t   ", "empty")]
    public void RejectsMalformedLinesNamingTheLine(string line, string reason)
    {
        var error = Assert.Throws<FormatException>(() => IntentTrainingSet.Parse("# header\n" + line));

        Assert.Contains("Line 2", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GivesASubsetItsOwnHash()
    {
        var set = IntentTrainingSet.Embedded;

        var subset = set.Subset([0, 1, 2]);

        Assert.Equal(3, subset.Examples.Count);
        Assert.NotEqual(set.Hash, subset.Hash);
    }
}
