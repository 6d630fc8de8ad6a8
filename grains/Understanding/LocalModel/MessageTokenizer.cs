namespace Orchestrator.Grains.Understanding.LocalModel;

/// <summary>A word of a message: where it is in the original text and its matching form.</summary>
/// <param name="Normalized">The word as <see cref="TurkishText.Normalize"/> writes it (one word, no spaces).</param>
internal readonly record struct MessageToken(int Start, int Length, string Normalized, TokenShape Shape)
{
    public int End => Start + Length;
}

/// <summary>How a word was written, a weak hint for product names ("Saten", "PS5", "iPhone").</summary>
internal enum TokenShape
{
    Lower,
    Capitalized,
    Upper,
    Mixed,
    Digits,
    Alphanumeric,
}

/// <summary>
/// Splits a message into words while keeping their positions, so the product phrase can be returned exactly as the
/// user wrote it. Word boundaries follow <see cref="TurkishText.Normalize"/>: letters, digits, combining marks and
/// apostrophes inside a word ("Samsung'un") belong to it; everything else separates words.
/// </summary>
internal static class MessageTokenizer
{
    public static MessageToken[] Tokenize(string text, int maxTokens = int.MaxValue)
    {
        var tokens = new List<MessageToken>();
        var i = 0;
        while (i < text.Length && tokens.Count < maxTokens)
        {
            if (!IsWordChar(text[i]) || IsApostrophe(text[i]))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < text.Length && IsWordChar(text[i]))
            {
                i++;
            }

            var end = i;
            while (end > start && IsApostrophe(text[end - 1]))
            {
                end--;
            }

            var raw = text.AsSpan(start, end - start);
            var normalized = TurkishText.Normalize(raw.ToString());
            if (normalized.Length > 0)
            {
                tokens.Add(new MessageToken(start, end - start, normalized, ShapeOf(raw)));
            }
        }

        return [.. tokens];
    }

    private static bool IsWordChar(char c) =>
        char.IsLetterOrDigit(c) || c is >= '\u0300' and <= '\u036F' || IsApostrophe(c);

    private static bool IsApostrophe(char c) => c is '\'' or '\u2019' or '\u2018' or '`' or '\u00B4';

    private static TokenShape ShapeOf(ReadOnlySpan<char> word)
    {
        int upper = 0, lower = 0, digits = 0;
        foreach (var c in word)
        {
            if (char.IsDigit(c))
            {
                digits++;
            }
            else if (char.IsUpper(c))
            {
                upper++;
            }
            else if (char.IsLower(c))
            {
                lower++;
            }
        }

        return (upper, lower, digits) switch
        {
            (0, 0, > 0) => TokenShape.Digits,
            (_, _, > 0) => TokenShape.Alphanumeric,
            (0, _, _) => TokenShape.Lower,
            (_, 0, _) when upper > 1 => TokenShape.Upper,
            _ when upper == 1 && char.IsUpper(word[0]) => TokenShape.Capitalized,
            _ => TokenShape.Mixed,
        };
    }
}
