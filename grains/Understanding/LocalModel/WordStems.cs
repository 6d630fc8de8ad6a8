namespace Orchestrator.Grains.Understanding.LocalModel;

/// <summary>
/// Suffix-tolerant comparison of normalised Turkish words. Turkish adds case and possessive suffixes to the stem
/// ("gecelik", "geceliğin", "geceliği"), and the final consonant may soften (k→ğ, folded to g), so two words are
/// taken as the same when one is a prefix of the other or they share a long enough prefix.
/// </summary>
internal static class WordStems
{
    /// <summary>True when <paramref name="a"/> and <paramref name="b"/> (normalised words) are forms of one word.</summary>
    public static bool SameWord(string a, string b)
    {
        if (a.Length == 0 || b.Length == 0)
        {
            return false;
        }

        if (string.Equals(a, b, StringComparison.Ordinal))
        {
            return true;
        }

        var shorter = Math.Min(a.Length, b.Length);
        if (shorter < 3)
        {
            return false;
        }

        var common = CommonPrefixLength(a, b);
        if (common == shorter)
        {
            return true;
        }

        // One softened or dropped final letter of the stem ("gecelik" / "geceligin"), never for short stems,
        // where a shared prefix of three letters says little ("bal" / "bardak").
        return shorter >= 5 && common >= shorter - 2 && common >= 4;
    }

    /// <summary>The first <paramref name="length"/> letters of a word (the word itself when shorter).</summary>
    public static string Prefix(string word, int length) => word.Length <= length ? word : word[..length];

    /// <summary>The last <paramref name="length"/> letters of a word (the word itself when shorter).</summary>
    public static string Suffix(string word, int length) => word.Length <= length ? word : word[^length..];

    private static int CommonPrefixLength(string a, string b)
    {
        var n = Math.Min(a.Length, b.Length);
        var i = 0;
        while (i < n && a[i] == b[i])
        {
            i++;
        }

        return i;
    }
}
