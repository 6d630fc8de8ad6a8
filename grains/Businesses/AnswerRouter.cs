using System.Text.RegularExpressions;
using Orchestrator.GrainInterfaces;
using Orchestrator.Grains.Understanding;

namespace Orchestrator.Grains.Businesses;

/// <summary>
/// Turns a valid understanding into the answer text, from the tenant's own data only: prices and stock come from
/// the catalogue, never from the model.
/// </summary>
public static partial class AnswerRouter
{
    private const int ExampleProducts = 5;
    private const int MaxModelReplyLength = 500;

    /// <summary>Renders the answer for a valid understanding.</summary>
    /// <param name="contextProductId">The product the conversation was last about, used when the message names none.</param>
    public static RoutedAnswer Route(MessageUnderstanding understanding, TenantCatalogue catalogue, string? contextProductId) =>
        understanding.Intent switch
        {
            Intent.ProductPrice or Intent.ProductStock => RouteProduct(understanding, catalogue, contextProductId),
            Intent.BusinessInfo => RouteInfo(understanding.InfoType, catalogue),
            Intent.Greeting => new RoutedAnswer(RouteKind.Answered, catalogue.Profile.GreetingMessage, null),
            Intent.Other => new RoutedAnswer(RouteKind.Answered, SafeModelReply(understanding.Reply) ?? ReplyTexts.Help, null),

            // Complaints and requests for a person are escalated before routing; if one gets here (a policy change),
            // answer without promising anything the bot cannot do.
            _ => new RoutedAnswer(RouteKind.Answered, ReplyTexts.Help, null),
        };

    private static RoutedAnswer RouteProduct(MessageUnderstanding understanding, TenantCatalogue catalogue, string? contextProductId)
    {
        ProductInfo? product;
        if (string.IsNullOrWhiteSpace(understanding.Product))
        {
            product = catalogue.FindProduct(contextProductId);
            if (product is null)
            {
                return new RoutedAnswer(RouteKind.ProductChoiceNeeded, ReplyTexts.AskForProduct([.. catalogue.Products.Take(ExampleProducts)]), null);
            }
        }
        else
        {
            var match = catalogue.Matcher.Match(understanding.Product);
            switch (match.Kind)
            {
                case ProductMatchKind.Ambiguous:
                    return new RoutedAnswer(RouteKind.ProductChoiceNeeded, ReplyTexts.WhichProduct(match.Candidates), null);
                case ProductMatchKind.NotFound:
                    return new RoutedAnswer(RouteKind.ProductNotFound, ReplyTexts.ProductNotFound(understanding.Product, match.Candidates), null);
            }

            product = match.Product!;
        }

        var text = understanding.Intent == Intent.ProductPrice ? ReplyTexts.Price(product) : ReplyTexts.Stock(product);
        return new RoutedAnswer(RouteKind.Answered, text, product.Id);
    }

    private static RoutedAnswer RouteInfo(string? infoType, TenantCatalogue catalogue) =>
        infoType is not null && catalogue.TryGetMeta(infoType, out _, out var value)
            ? new RoutedAnswer(RouteKind.Answered, value, null)
            : new RoutedAnswer(RouteKind.MetaKeyMissing, ReplyTexts.InfoMissing(infoType ?? ""), null);

    /// <summary>
    /// The model's free-text suggestion, when it is safe to send: short, and not stating a price or stock (numbers
    /// near currency or quantity words), since those must only ever come from the catalogue.
    /// </summary>
    internal static string? SafeModelReply(string? reply)
    {
        if (string.IsNullOrWhiteSpace(reply) || reply.Length > MaxModelReplyLength)
        {
            return null;
        }

        return reply.Contains('₺') || PriceOrStock().IsMatch(TurkishText.Normalize(reply)) ? null : reply.Trim();
    }

    [GeneratedRegex(@"\d\s*(tl|try|lira|adet|tane|kurus)\b|(tl|lira|fiyat\w*|stok\w*)\s*:?\s*\d", RegexOptions.CultureInvariant)]
    private static partial Regex PriceOrStock();
}

/// <summary>What kind of answer the router gave.</summary>
public enum RouteKind
{
    /// <summary>A direct answer (price, stock, meta value, greeting, help).</summary>
    Answered,
    /// <summary>The product is unclear; the user is asked to choose.</summary>
    ProductChoiceNeeded,
    /// <summary>No product matched; suggestions are offered.</summary>
    ProductNotFound,
    /// <summary>The asked meta key does not exist for the tenant: an escalation cause.</summary>
    MetaKeyMissing,
}

/// <summary>A rendered answer.</summary>
/// <param name="ProductId">The product the answer is about (remembered by the session for follow-ups).</param>
public sealed record RoutedAnswer(RouteKind Kind, string Text, string? ProductId);
