using Orchestrator.Grains.Understanding;

namespace Orchestrator.Grains.Escalations;

/// <summary>
/// Strong negative or threatening Turkish words that make an escalation urgent whatever its reason: anger, legal
/// threats, accusations of fraud, insults. Matched on the normalised text (so "DOLANDIRICI", "dolandırıcı" and
/// "dolandirici" all count), as whole words or word prefixes (so inflections count: "dolandırıcılar").
/// This only sets priority; it never decides whether to escalate. Extend the lists here.
/// </summary>
public static class StrongLanguage
{
    /// <summary>Word stems (normalised): a message word starting with one of these counts.</summary>
    private static readonly string[] Stems =
    [
        "rezalet", "rezil", "berbat", "skandal", "dolandirici", "dolandir", "sahtekar", "hirsiz", "avukat",
        "mahkeme", "savcilik", "kandirildim", "kandirdiniz", "yalanci", "sacmalik", "utanmaz", "terbiyesiz",
        "aptal", "salak", "gerizekali", "haysiyetsiz", "kepazelik", "serefsiz", "savci",
    ];

    /// <summary>Whole words (normalised) that would be ambiguous as stems ("dava" is a prefix of "davet").</summary>
    private static readonly HashSet<string> Words = new(StringComparer.Ordinal) { "dava", "davaci", "davasi", "davami", "cimer" };

    /// <summary>Phrases (normalised): the message contains the words in this order.</summary>
    private static readonly string[] Phrases =
    [
        "sikayet edecegim", "sikayet edicem", "sikayetci olacagim", "tuketici hakem", "paramı geri istiyorum",
        "param geri", "paramı iade", "bir daha asla", "bu ne rezalet", "sizi sikayet",
    ];

    private static readonly string[] NormalizedPhrases = [.. Phrases.Select(p => " " + TurkishText.Normalize(p) + " ")];

    public static bool IsPresentIn(string text)
    {
        var normalized = TurkishText.Normalize(text);
        if (normalized.Length == 0)
        {
            return false;
        }

        foreach (var word in normalized.Split(' '))
        {
            if (Words.Contains(word))
            {
                return true;
            }

            foreach (var stem in Stems)
            {
                if (word.StartsWith(stem, StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        var padded = " " + normalized + " ";
        foreach (var phrase in NormalizedPhrases)
        {
            if (padded.Contains(phrase, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
