using System.Text;

namespace Orchestrator.Grains.Understanding.LocalModel;

/// <summary>
/// Synthetic meaningless messages for the intent classifier's background class. A closed-set classifier has to
/// put every message in some intent, and temperature scaling only calibrates it on real messages, so without a
/// background class keyboard mashing reads as a confident <c>other</c>. Trained against these, the classifier
/// gives meaningless text to the background class, whose probability belongs to no intent: the confidence of the
/// best intent drops and the message is escalated.
/// </summary>
/// <remarks>
/// Families, generated from a seed: letters of real training messages shuffled within each word (same letters,
/// no words), random letter strings, random consonant-vowel pseudo-words, keyboard-row runs, and messages of only
/// symbols, emoji and digits (which normalise to nothing or to numbers).
/// </remarks>
internal static class NoiseMessages
{
    /// <summary>The background class's label; not an intent name, so it can never leak into the contract.</summary>
    public const string Label = "~noise";

    private const string Letters = "abcçdefgğhıijklmnoöprsştuüvyzqwx";
    private const string Consonants = "bcçdfghjklmnprsştvyz";
    private const string Vowels = "aeıioöuü";
    private static readonly string[] KeyboardRows = ["qwertyuıopğü", "asdfghjklşi", "zxcvbnmöç", "1234567890"];
    private static readonly string[] Symbols = ["?", "??", "!!!", "...", ":)", ":(", "😀", "👍", "🙏", "❤️", "😂😂", "-", "*", "#", "@"];

    public static List<string> Generate(IReadOnlyList<TrainingExample> examples, int count, int seed)
    {
        var random = new Random(seed);
        var messages = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            var message = (i % 10) switch
            {
                0 or 1 or 2 or 3 => Shuffled(examples[random.Next(examples.Count)].Text, random),
                4 or 5 => Words(random, () => RandomLetters(random)),
                6 => Words(random, () => PseudoWord(random)),
                7 or 8 => Words(random, () => KeyboardRun(random)),
                _ => SymbolsOnly(random),
            };
            messages.Add(message);
        }

        return messages;
    }

    private static string Shuffled(string text, Random random)
    {
        var words = TurkishText.Tokenize(text).Select(w =>
        {
            var letters = w.ToCharArray();
            random.Shuffle(letters);
            return new string(letters);
        });
        return string.Join(' ', words);
    }

    private static string Words(Random random, Func<string> word) =>
        string.Join(' ', Enumerable.Range(0, random.Next(1, 4)).Select(_ => word()));

    private static string RandomLetters(Random random) =>
        new(Enumerable.Range(0, random.Next(2, 10)).Select(_ => Letters[random.Next(Letters.Length)]).ToArray());

    /// <summary>A random Turkish-looking word of one to three syllables.</summary>
    public static string PseudoWord(Random random)
    {
        var word = new StringBuilder();
        for (var syllable = random.Next(1, 4); syllable > 0; syllable--)
        {
            word.Append(Consonants[random.Next(Consonants.Length)]).Append(Vowels[random.Next(Vowels.Length)]);
            if (random.Next(3) == 0)
            {
                word.Append(Consonants[random.Next(Consonants.Length)]);
            }
        }

        return word.ToString();
    }

    private static string KeyboardRun(Random random)
    {
        var row = KeyboardRows[random.Next(KeyboardRows.Length)];
        var length = random.Next(3, Math.Min(8, row.Length) + 1);
        var start = random.Next(row.Length - length + 1);
        var run = row.Substring(start, length);
        return random.Next(3) == 0 ? run + run[..Math.Min(3, run.Length)] : run;
    }

    private static string SymbolsOnly(Random random) =>
        string.Concat(Enumerable.Range(0, random.Next(1, 4)).Select(_ => Symbols[random.Next(Symbols.Length)]));
}
