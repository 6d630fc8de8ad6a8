using System.Buffers;

namespace Orchestrator.Grains.Understanding;

/// <summary>
/// Turkish text normalisation for matching and cache keys: Turkish lower-casing (İ→i, I→ı), diacritic folding
/// (ş→s, ğ→g, ü→u, ö→o, ç→c, ı→i, circumflexes), punctuation to spaces, whitespace collapsed.
/// </summary>
/// <remarks>
/// Runs on every message, so it works in one pass over the characters and allocates only the result. Culture
/// data is not used: the Turkish rules are explicit here, so the result is the same on every machine and with
/// invariant globalisation.
/// </remarks>
public static class TurkishText
{
    private const int StackLimit = 256;

    /// <summary>Lower-cases the Turkish way: İ→i and I→ı, every other letter by Unicode rules.</summary>
    public static string ToLower(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = LowerChar(source[i]);
            }
        });
    }

    /// <summary>Folds diacritics of lower-case text: ş→s, ğ→g, ü→u, ö→o, ç→c, ı→i, â→a, î→i, û→u.</summary>
    public static string FoldDiacritics(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = FoldChar(source[i]);
            }
        });
    }

    /// <summary>
    /// The matching form of a text: lower-cased the Turkish way, folded, combining marks dropped, apostrophes removed
    /// (so "Samsung'un" reads "samsungun"), other punctuation and symbols replaced by spaces, runs of whitespace
    /// collapsed to one space, trimmed. "Geceliğin FİYATI?" → "geceligin fiyati".
    /// </summary>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            return "";
        }

        char[]? rented = null;
        var buffer = text.Length <= StackLimit
            ? stackalloc char[StackLimit]
            : (rented = ArrayPool<char>.Shared.Rent(text.Length));
        try
        {
            var length = NormalizeInto(text, buffer);
            return length == text.Length && text.AsSpan().SequenceEqual(buffer[..length])
                ? text
                : new string(buffer[..length]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    /// <summary>The words of <see cref="Normalize"/>'s result.</summary>
    public static string[] Tokenize(string text)
    {
        var normalized = Normalize(text);
        return normalized.Length == 0 ? [] : normalized.Split(' ');
    }

    private static int NormalizeInto(ReadOnlySpan<char> source, Span<char> destination)
    {
        var length = 0;
        var pendingSpace = false;
        foreach (var c in source)
        {
            if (IsCombiningMark(c) || IsApostrophe(c))
            {
                continue;
            }

            var folded = FoldChar(LowerChar(c));
            if (char.IsLetterOrDigit(folded))
            {
                if (pendingSpace && length > 0)
                {
                    destination[length++] = ' ';
                }

                pendingSpace = false;
                destination[length++] = folded;
            }
            else
            {
                pendingSpace = true;
            }
        }

        return length;
    }

    private static char LowerChar(char c) => c switch
    {
        'I' => 'ı',
        '\u0130' => 'i', // İ
        _ when c < 128 => c is >= 'A' and <= 'Z' ? (char)(c + 32) : c,
        _ => char.ToLowerInvariant(c),
    };

    private static char FoldChar(char c) => c switch
    {
        < '\u00C0' => c,
        'ş' or 'Ş' => 's',
        'ğ' or 'Ğ' => 'g',
        'ü' or 'Ü' or 'û' or 'Û' or 'ú' or 'ù' => 'u',
        'ö' or 'Ö' or 'ô' or 'ó' or 'ò' => 'o',
        'ç' or 'Ç' => 'c',
        'ı' or 'î' or 'Î' or 'í' or 'ì' or 'ï' => 'i',
        'â' or 'Â' or 'á' or 'à' or 'ä' or 'ã' or 'å' => 'a',
        'é' or 'è' or 'ê' or 'ë' => 'e',
        'ñ' => 'n',
        _ => c,
    };

    private static bool IsCombiningMark(char c) => c is >= '\u0300' and <= '\u036F';

    private static bool IsApostrophe(char c) => c is '\'' or '\u2019' or '\u2018' or '`' or '\u00B4';
}
