using System.Globalization;
using System.Text;
using Orchestrator.GrainInterfaces;

namespace Orchestrator.Grains.Businesses;

/// <summary>
/// Every sentence the bot says itself, in one place so the wording can be reviewed and changed together. Answers that
/// carry tenant data (prices, stock, meta values, the greeting) take the data verbatim.
/// </summary>
public static class ReplyTexts
{
    /// <summary>The price answer: <c>{name}\nFiyat: {price} TL</c>, the price with two decimals and a point.</summary>
    public static string Price(ProductInfo product) =>
        $"{product.Name}\nFiyat: {product.Price.ToString("0.00", CultureInfo.InvariantCulture)} TL";

    /// <summary>The stock answer: <c>{name}\nStok: {n} adet</c>, or that it is out of stock.</summary>
    public static string Stock(ProductInfo product) =>
        product.StockQuantity > 0
            ? $"{product.Name}\nStok: {product.StockQuantity.ToString(CultureInfo.InvariantCulture)} adet"
            : $"{product.Name}\nŞu anda stokta yok.";

    public static string WhichProduct(IReadOnlyList<ProductInfo> candidates) =>
        List("Hangi ürünü kastettiniz?", candidates);

    public static string AskForProduct(IReadOnlyList<ProductInfo> examples) =>
        examples.Count == 0
            ? "Hangi ürünü soruyorsunuz? Ürün adını yazar mısınız?"
            : List("Hangi ürünü soruyorsunuz? Örneğin:", examples);

    public static string ProductNotFound(string phrase, IReadOnlyList<ProductInfo> suggestions) =>
        suggestions.Count == 0
            ? $"\"{phrase}\" adlı bir ürün bulamadım. Ürün adını kontrol edip tekrar yazar mısınız?"
            : List($"\"{phrase}\" adlı bir ürün bulamadım. Şunlardan birini mi arıyorsunuz?", suggestions);

    public static string InfoMissing(string infoType) =>
        $"\"{infoType}\" konusunda elimde bilgi yok; sizi bir müşteri temsilcisine aktarıyorum.";

    /// <summary>What the bot can help with, for messages it understands but has no data answer for.</summary>
    public const string Help =
        "Size ürün fiyatları, stok durumu, iade, kargo ve iletişim bilgileri konusunda yardımcı olabilirim. Ne öğrenmek istersiniz?";

    /// <summary>Said when the conversation is handed to a person.</summary>
    public static string HandoffStarted(string ticketId) =>
        $"Sizi bir müşteri temsilcisine aktarıyorum. Talep numaranız: {ticketId}. En kısa sürede size dönüş yapılacak.";

    /// <summary>Said once when the user writes again while waiting for a person.</summary>
    public const string HandoffPending = "Mesajınızı temsilcimize ilettim; en kısa sürede size buradan yazacak.";

    /// <summary>Said when a person resolves the conversation and the bot takes over again.</summary>
    public const string HandoffEnded = "Görüşmemiz tamamlandı. Başka bir sorunuz olursa yardımcı olmaktan memnuniyet duyarım.";

    public static string DefaultGreeting(string businessName) =>
        $"Merhaba, {businessName} mağazasına hoş geldiniz! Size nasıl yardımcı olabilirim?";

    private static string List(string heading, IReadOnlyList<ProductInfo> products)
    {
        var builder = new StringBuilder(heading);
        foreach (var product in products)
        {
            builder.Append("\n- ").Append(product.Name);
        }

        return builder.ToString();
    }
}
