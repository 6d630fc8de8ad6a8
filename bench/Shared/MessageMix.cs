using System.Globalization;
using Orchestrator.Grains.Understanding;

namespace Orchestrator.Bench;

/// <summary>
/// A realistic stream of Turkish customer messages for benchmarks: price, stock, meta and greeting questions about
/// a catalogue, written in the many ways people write (with and without diacritics, upper case, extra words,
/// punctuation). A repeat fraction decides how often a message repeats one asked before (popular questions are
/// asked again and again: repeats follow a Zipf-like preference for early questions); the rest are new questions,
/// each distinct after normalisation.
/// </summary>
public sealed class MessageMix(IReadOnlyList<string> productNames, double repeatFraction, int seed = 42)
{
    private static readonly string[] PriceTemplates =
    [
        "{0} fiyatı ne kadar?", "{0} kaç para", "{0} fiyatı nedir", "{0} ne kadar acaba", "{0} fiyatını öğrenebilir miyim",
        "{0} kaç TL", "merhaba {0} fiyatı ne kadar", "{0} fiyat bilgisi alabilir miyim", "{0} ücreti nedir",
    ];

    private static readonly string[] StockTemplates =
    [
        "{0} stokta var mı?", "{0} var mı", "{0} kaldı mı", "{0} stok durumu nedir", "{0} mevcut mu acaba",
        "elinizde {0} var mı", "{0} tükendi mi",
    ];

    private static readonly string[] OtherMessages =
    [
        "iade politikanız nedir?", "kargo ne zaman gelir", "kargo ücreti ne kadar", "telefon numaranız nedir",
        "merhaba", "iyi günler", "iade nasıl yapılıyor", "siparişim ne zaman kargoya verilir", "size nasıl ulaşabilirim",
        "selam", "ürünü iade edebilir miyim", "kargo kaç günde gelir",
    ];

    private static readonly string[] Openers = ["", "", "", "merhaba ", "selam ", "iyi günler ", "pardon ", "bakar mısınız "];
    private static readonly string[] Closers = ["", "", "", " teşekkürler", " lütfen", " acil", " rica etsem", " bir de"];

    private readonly Random _random = new(seed);
    private readonly List<string> _asked = [];
    private readonly HashSet<string> _distinct = new(StringComparer.Ordinal);

    /// <summary>Distinct questions produced so far (after normalisation).</summary>
    public int DistinctQuestions => _distinct.Count;

    public string Next()
    {
        if (_asked.Count > 0 && _random.NextDouble() < repeatFraction)
        {
            // Early questions are the popular ones: pick index with a 1/rank-like bias.
            var index = (int)Math.Floor(Math.Pow(_random.NextDouble(), 2.5) * _asked.Count);
            return Vary(_asked[index]);
        }

        for (var attempt = 0; ; attempt++)
        {
            var candidate = NewQuestion(attempt);
            if (_distinct.Add(Normalize(candidate)))
            {
                _asked.Add(candidate);
                return candidate;
            }
        }
    }

    /// <summary>The same question as written again: only case and trailing punctuation differ (same normalised text).</summary>
    private string Vary(string question) => _random.Next(4) switch
    {
        0 => question.ToUpperInvariant(),
        1 => question.TrimEnd('?') + "??",
        _ => question,
    };

    private string NewQuestion(int attempt)
    {
        var kind = _random.NextDouble();
        string core;
        if (kind < 0.1)
        {
            core = OtherMessages[_random.Next(OtherMessages.Length)];
        }
        else
        {
            var product = Spell(productNames[_random.Next(productNames.Count)]);
            var templates = kind < 0.6 ? PriceTemplates : StockTemplates;
            core = string.Format(CultureInfo.InvariantCulture, templates[_random.Next(templates.Length)], product);
        }

        var text = Openers[_random.Next(Openers.Length)] + core + Closers[_random.Next(Closers.Length)];
        return attempt < 20 ? text : $"{text} ({attempt})";
    }

    /// <summary>How a customer might type the name: lower case, without diacritics, one word only, a small typo.</summary>
    private string Spell(string name)
    {
        var text = TurkishText.ToLower(name);
        var words = text.Split(' ');
        if (words.Length > 1 && _random.NextDouble() < 0.4)
        {
            text = words[^1];
        }

        if (_random.NextDouble() < 0.3)
        {
            text = text.Replace('ş', 's').Replace('ğ', 'g').Replace('ı', 'i').Replace('ü', 'u').Replace('ö', 'o').Replace('ç', 'c');
        }

        if (_random.NextDouble() < 0.1 && text.Length > 5)
        {
            var i = _random.Next(1, text.Length - 2);
            text = string.Concat(text.AsSpan(0, i), text.AsSpan(i + 1));
        }

        return text;
    }

    private static string Normalize(string text) => TurkishText.Normalize(text);
}
