using System.Collections.Immutable;
using Orchestrator.GrainInterfaces;
using Orchestrator.Grains.Businesses;
using Orchestrator.Grains.Understanding;

namespace Orchestrator.Grains.Tests.Businesses;

public sealed class AnswerRouterTests
{
    private static readonly TenantCatalogue Catalogue = new(
        new BusinessProfile(
            "b1",
            "Test Butik",
            "Merhaba, hoş geldiniz!",
            ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, new Dictionary<string, string>
            {
                ["iade"] = "İade 14 gün içinde yapılabilir.",
                ["calisma_saatleri"] = "Hafta içi 09:00-18:00",
            }),
            default,
            default,
            1),
        [
            new ProductInfo("p1", "Saten Gecelik", 299.99m, 25, default),
            new ProductInfo("p2", "Pamuk Gecelik", 300m, 0, default),
            new ProductInfo("p3", "Dantelli Sabahlık", 1249.5m, 3, default),
        ]);

    [Fact]
    public void AnswersThePriceFromTheCatalogueInTheContractFormat()
    {
        var answer = Route(Intent.ProductPrice, product: "saten geceliğin");

        Assert.Equal(new RoutedAnswer(RouteKind.Answered, "Saten Gecelik\nFiyat: 299.99 TL", "p1"), answer);
    }

    [Fact]
    public void FormatsWholePricesWithTwoDecimalsAndAPoint()
    {
        Assert.Equal("Pamuk Gecelik\nFiyat: 300.00 TL", Route(Intent.ProductPrice, product: "pamuk gecelik").Text);
        Assert.Equal("Dantelli Sabahlık\nFiyat: 1249.50 TL", Route(Intent.ProductPrice, product: "sabahlık").Text);
    }

    [Fact]
    public void AnswersTheStockFromTheCatalogue() =>
        Assert.Equal("Saten Gecelik\nStok: 25 adet", Route(Intent.ProductStock, product: "saten gecelik").Text);

    [Fact]
    public void SaysWhenAProductIsOutOfStock()
    {
        var answer = Route(Intent.ProductStock, product: "pamuk gecelik");

        Assert.Equal(RouteKind.Answered, answer.Kind);
        Assert.Equal("Pamuk Gecelik\nŞu anda stokta yok.", answer.Text);
    }

    [Fact]
    public void AsksWhichProductWhenSeveralMatch()
    {
        var answer = Route(Intent.ProductPrice, product: "gecelik");

        Assert.Equal(RouteKind.ProductChoiceNeeded, answer.Kind);
        Assert.Equal("Hangi ürünü kastettiniz?\n- Pamuk Gecelik\n- Saten Gecelik", answer.Text);
        Assert.Null(answer.ProductId);
    }

    [Fact]
    public void SaysWhenNoProductMatchesAndQuotesThePhrase()
    {
        var answer = Route(Intent.ProductPrice, product: "buzdolabı");

        Assert.Equal(RouteKind.ProductNotFound, answer.Kind);
        Assert.Contains("\"buzdolabı\"", answer.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("TL", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void UsesTheConversationsProductForAFollowUpWithoutOne() =>
        Assert.Equal(new RoutedAnswer(RouteKind.Answered, "Dantelli Sabahlık\nStok: 3 adet", "p3"), Route(Intent.ProductStock, product: null, context: "p3"));

    [Fact]
    public void AsksForTheProductWhenNeitherMessageNorConversationNamesOne()
    {
        var answer = Route(Intent.ProductPrice, product: null, context: "deleted-product");

        Assert.Equal(RouteKind.ProductChoiceNeeded, answer.Kind);
        Assert.Contains("- Saten Gecelik", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void AnswersBusinessInformationWithTheMetaValueExactly()
    {
        Assert.Equal("İade 14 gün içinde yapılabilir.", Route(Intent.BusinessInfo, infoType: "iade").Text);
        Assert.Equal("Hafta içi 09:00-18:00", Route(Intent.BusinessInfo, infoType: "Çalışma Saatleri").Text);
    }

    [Fact]
    public void ReportsAMissingMetaKeySoItCanBeEscalated()
    {
        var answer = Route(Intent.BusinessInfo, infoType: "garanti");

        Assert.Equal(RouteKind.MetaKeyMissing, answer.Kind);
        Assert.Contains("garanti", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void GreetsWithTheBusinessGreeting() =>
        Assert.Equal("Merhaba, hoş geldiniz!", Route(Intent.Greeting).Text);

    [Fact]
    public void UsesTheModelsReplyForOtherMessagesWhenItStatesNoPriceOrStock() =>
        Assert.Equal("Rica ederim, iyi günler!", Route(Intent.Other, reply: "Rica ederim, iyi günler!").Text);

    [Theory]
    [InlineData("Bu ürün 299 TL")]
    [InlineData("Fiyatı: 150 lira")]
    [InlineData("Stokta 5 adet var")]
    [InlineData("Sadece 99,90 ₺")]
    [InlineData("stok: 12")]
    public void NeverPassesOnAModelReplyThatStatesAPriceOrStock(string reply) =>
        Assert.Equal(ReplyTexts.Help, Route(Intent.Other, reply: reply).Text);

    [Fact]
    public void FallsBackToTheHelpTextWithoutAModelReply() =>
        Assert.Equal(ReplyTexts.Help, Route(Intent.Other).Text);

    [Fact]
    public void NeverTakesPricesFromTheModelsReply() =>
        Assert.Equal("Saten Gecelik\nFiyat: 299.99 TL", Route(Intent.ProductPrice, product: "saten gecelik", reply: "Fiyatı 10 TL").Text);

    private static RoutedAnswer Route(Intent intent, string? product = null, string? infoType = null, string? reply = null, string? context = null) =>
        AnswerRouter.Route(new MessageUnderstanding(intent, 0.9, product, infoType, reply), Catalogue, context);
}
