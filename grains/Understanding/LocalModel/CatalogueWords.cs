using System.Runtime.CompilerServices;

namespace Orchestrator.Grains.Understanding.LocalModel;

/// <summary>
/// The normalised words of a tenant's product names, for the product tagger's "this word is in the catalogue"
/// feature. Looked up suffix-tolerantly (<see cref="WordStems.SameWord"/>), so "geceliğin" finds "Saten Gecelik".
/// </summary>
internal sealed class CatalogueWords
{
    private static readonly ConditionalWeakTable<IReadOnlyList<string>, CatalogueWords> ByProductList = [];

    private readonly HashSet<string> _exact = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _byPrefix = new(StringComparer.Ordinal);

    public CatalogueWords(IEnumerable<string> words)
    {
        foreach (var word in words)
        {
            if (!_exact.Add(word) || word.Length < 3)
            {
                continue;
            }

            var key = word[..3];
            if (!_byPrefix.TryGetValue(key, out var list))
            {
                _byPrefix[key] = list = [];
            }

            list.Add(word);
        }
    }

    public bool IsEmpty => _exact.Count == 0;

    /// <summary>
    /// The words of a tenant's product names. Cached per list instance: a tenant grain passes the same list with
    /// every message until its catalogue changes, so the names are normalised once, not once per message.
    /// </summary>
    public static CatalogueWords? For(IReadOnlyList<string>? productNames)
    {
        if (productNames is null || productNames.Count == 0)
        {
            return null;
        }

        return ByProductList.GetValue(productNames, static names =>
            new CatalogueWords(names.Where(n => n is not null).SelectMany(TurkishText.Tokenize)));
    }

    public bool Contains(string word)
    {
        if (_exact.Contains(word))
        {
            return true;
        }

        // Any two forms of one word share their first three letters (SameWord needs that much).
        return word.Length >= 3
            && _byPrefix.TryGetValue(word[..3], out var candidates)
            && candidates.Exists(c => WordStems.SameWord(word, c));
    }
}
