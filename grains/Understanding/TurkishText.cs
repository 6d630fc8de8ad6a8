namespace Orchestrator.Grains.Understanding;

/// <summary>
/// Turkish text normalisation for matching and cache keys: Turkish lower-casing (İ→i, I→ı), diacritic folding
/// (ş→s, ğ→g, ü→u, ö→o, ç→c, ı→i, circumflexes), punctuation to spaces, whitespace collapsed.
/// </summary>
public static class TurkishText
{
    /// <summary>Lower-cases the Turkish way: İ→i and I→ı, every other letter by Unicode rules.</summary>
    public static string ToLower(string text) => throw new NotImplementedException();

    /// <summary>Folds diacritics of lower-case text: ş→s, ğ→g, ü→u, ö→o, ç→c, ı→i, â→a, î→i, û→u.</summary>
    public static string FoldDiacritics(string text) => throw new NotImplementedException();

    /// <summary>
    /// The matching form of a text: lower-cased the Turkish way, folded, punctuation replaced by spaces, runs of
    /// whitespace collapsed to one space, trimmed. "Geceliğin FİYATI?" → "geceligin fiyati".
    /// </summary>
    public static string Normalize(string text) => throw new NotImplementedException();

    /// <summary>The words of <see cref="Normalize"/>'s result.</summary>
    public static string[] Tokenize(string text) => throw new NotImplementedException();
}
