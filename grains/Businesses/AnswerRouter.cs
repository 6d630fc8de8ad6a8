using Orchestrator.Grains.Understanding;

namespace Orchestrator.Grains.Businesses;

/// <summary>
/// Turns a valid understanding into the answer text, from the tenant's own data only: prices and stock come from
/// the catalogue, never from the model.
/// </summary>
public static class AnswerRouter
{
    /// <summary>Renders the answer for a valid understanding.</summary>
    /// <param name="contextProductId">The product the conversation was last about, used when the message names none.</param>
    public static RoutedAnswer Route(MessageUnderstanding understanding, TenantCatalogue catalogue, string? contextProductId) =>
        throw new NotImplementedException();
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
