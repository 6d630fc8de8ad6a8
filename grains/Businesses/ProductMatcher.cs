using System.Collections.Frozen;
using Orchestrator.GrainInterfaces;
using Orchestrator.Grains.Understanding;

namespace Orchestrator.Grains.Businesses;

/// <summary>
/// Finds the product a user means, the Turkish way: case- and diacritic-insensitive, tolerant of suffixes
/// ("geceliğin"), consonant softening (k→ğ) and typos ("gecelıgın"). Built once per catalogue version.
/// </summary>
/// <remarks>
/// Each product name word is scored against the phrase's words: exact 1.0, the word plus a suffix 0.9, the
/// softened stem plus a suffix (gecelik → geceliğin) 0.85, a typo (Damerau-Levenshtein 1 for 4–7 letters, 2 from 8)
/// 0.7, a typo plus a suffix 0.6. A product's score is the sum over its words of their best match, so a phrase that
/// names more of a product's words ranks it higher ("saten gecelik" → Saten Gecelik over Pamuk Gecelik); ties break
/// on the share of the name that matched (so "gecelik" prefers a product named just "Gecelik"). Products level at
/// the top are ambiguous. Question and filler words never match on their own. Words are looked up through an index
/// of the catalogue's distinct words, so the cost grows with the phrase and the products its words name; a phrase
/// matched before on this catalogue version is answered from memory (see <see cref="Match"/>).
/// </remarks>
public sealed class ProductMatcher
{
    private const double Exact = 1.0;
    private const double Suffixed = 0.9;
    private const double Softened = 0.85;
    private const double Typo = 0.7;
    private const double TypoSuffixed = 0.6;
    private const double MinimumScore = 0.6;
    private const double Tie = 0.001;
    private const int MaxCandidates = 5;
    private const int MaxSuggestions = 3;
    private const double MinimumSimilarity = 0.25;

    /// <summary>Turkish suffix chains are long ("geceliklerimizden" adds ten letters to "gecelik").</summary>
    private const int MaxSuffixLength = 10;

    /// <summary>Question and filler words (normalised) that must not make a product match by themselves.</summary>
    private static readonly FrozenSet<string> FillerWords = FrozenSet.Create(StringComparer.Ordinal,
    [
        "fiyat", "fiyati", "fiyatini", "fiyatlari", "ne", "kadar", "kac", "para", "paradir", "tl", "lira", "stok", "stokta",
        "stoklarda", "var", "varmi", "mi", "mu", "bu", "su", "o", "icin", "acaba", "lutfen", "urun", "urunu", "urunun",
        "ve", "ile", "de", "da", "bir", "cok", "en", "ben", "bana", "bize", "sizde", "sizin", "hangi", "nedir",
        "kalmis", "kaldi", "adet", "tane", "merhaba", "selam", "peki", "yok", "mevcut", "satiyor", "musunuz", "misiniz",
    ]);

    private readonly ProductEntry[] _products;
    private readonly FrozenDictionary<string, Posting[]> _byWord;
    private readonly FrozenDictionary<string, string[]> _wordsByPrefix;
    private readonly string[] _vocabulary;

    /// <summary>Phrases already matched on this catalogue version (a new version builds a new matcher).</summary>
    private readonly Dictionary<string, ProductMatch> _matched = new(StringComparer.Ordinal);
    private readonly Lock _matchedLock = new();

    /// <summary>Most phrases remembered; when full the memory starts again, so odd phrases cannot grow it without end.</summary>
    internal const int MaxRememberedPhrases = 4096;

    public ProductMatcher(IEnumerable<ProductInfo> products)
    {
        ArgumentNullException.ThrowIfNull(products);
        _products = [.. products.Select(p => new ProductEntry(p, TurkishText.Tokenize(p.Name), Trigrams(TurkishText.Normalize(p.Name))))];

        var postings = new Dictionary<string, List<Posting>>(StringComparer.Ordinal);
        for (var p = 0; p < _products.Length; p++)
        {
            var words = _products[p].Words;
            for (var w = 0; w < words.Length; w++)
            {
                if (!postings.TryGetValue(words[w], out var list))
                {
                    postings[words[w]] = list = [];
                }

                list.Add(new Posting(p, w));
            }
        }

        _byWord = postings.ToFrozenDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
        _vocabulary = [.. _byWord.Keys];
        _wordsByPrefix = _vocabulary
            .GroupBy(w => Prefix(w), StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
    }

    /// <summary>
    /// Matches a product phrase (as the user wrote it) against the catalogue. The result depends only on the phrase and
    /// this catalogue version, so it is remembered: a repeated question ("saten gecelik fiyatı?") costs a lookup, not a
    /// scoring of every product its words name and, when nothing matches, a similarity scan of the whole catalogue.
    /// </summary>
    public ProductMatch Match(string phrase)
    {
        ArgumentNullException.ThrowIfNull(phrase);
        lock (_matchedLock)
        {
            if (_matched.TryGetValue(phrase, out var known))
            {
                return known;
            }
        }

        var match = Find(phrase);
        lock (_matchedLock)
        {
            if (_matched.Count >= MaxRememberedPhrases)
            {
                _matched.Clear();
            }

            _matched[phrase] = match;
        }

        return match;
    }

    /// <summary>How many phrases are remembered now (tests).</summary>
    internal int RememberedPhrases
    {
        get
        {
            lock (_matchedLock)
            {
                return _matched.Count;
            }
        }
    }

    /// <summary>Matches a phrase without the memory of earlier matches.</summary>
    internal ProductMatch Find(string phrase)
    {
        var words = PhraseWords(phrase);
        if (words.Count == 0 || _products.Length == 0)
        {
            return new ProductMatch(ProductMatchKind.NotFound, null, []);
        }

        var scores = new Dictionary<int, ProductScore>();
        for (var i = 0; i < words.Count; i++)
        {
            ScoreWord(words[i], i, scores);
        }

        // A product is a match when the phrase names the whole product, or every word of the phrase belongs to it.
        // "saten elbise" only half-names "Saten Gecelik" and says something else besides: that is a suggestion, not
        // an answer, since quoting the price of the wrong product is worse than asking.
        // Ranked by hand rather than with LINQ: this runs for every product question, cached understanding or not.
        var allWords = words.Count >= 32 ? -1 : (1 << words.Count) - 1;
        var ranked = new List<Ranked>(scores.Count);
        foreach (var (index, score) in scores)
        {
            if (score.Sum >= MinimumScore)
            {
                ranked.Add(new Ranked(index, score.Sum, score.Coverage, score.Coverage >= 1 || (score.PhraseWords & allWords) == allWords));
            }
        }

        ranked.Sort(CompareRanked);
        var top = ranked.FindIndex(r => r.Complete);
        if (top < 0)
        {
            var partial = ranked.Select(r => _products[r.Index].Product);
            return new ProductMatch(ProductMatchKind.NotFound, null, [.. partial.Concat(Suggestions(string.Join(' ', words))).Distinct().Take(MaxSuggestions)]);
        }

        var best = ranked[top];
        var tied = new List<ProductInfo>(1);
        for (var i = top; i < ranked.Count && tied.Count < MaxCandidates; i++)
        {
            var candidate = ranked[i];
            if (!candidate.Complete)
            {
                continue;
            }

            if (best.Score - candidate.Score >= Tie || best.Coverage - candidate.Coverage >= Tie)
            {
                break;
            }

            tied.Add(_products[candidate.Index].Product);
        }

        return tied.Count == 1
            ? new ProductMatch(ProductMatchKind.Single, tied[0], tied)
            : new ProductMatch(ProductMatchKind.Ambiguous, null, tied);
    }

    private void ScoreWord(string word, int wordIndex, Dictionary<int, ProductScore> scores)
    {
        if (_byWord.TryGetValue(word, out var exact))
        {
            Record(exact, Exact, wordIndex, scores);
        }

        var found = exact is not null;
        if (_wordsByPrefix.TryGetValue(Prefix(word), out var sameStart))
        {
            foreach (var candidate in sameStart)
            {
                found |= TryScore(word, wordIndex, candidate, scores);
            }
        }

        if (!found)
        {
            // A typo in the first letters escapes the prefix index; only then look at every word of the catalogue.
            foreach (var candidate in _vocabulary)
            {
                TryScore(word, wordIndex, candidate, scores);
            }
        }
    }

    private bool TryScore(string word, int wordIndex, string candidate, Dictionary<int, ProductScore> scores)
    {
        if (word == candidate)
        {
            return true;
        }

        var score = Similarity(word, candidate);
        if (score > 0)
        {
            Record(_byWord[candidate], score, wordIndex, scores);
            return true;
        }

        return false;
    }

    private void Record(Posting[] postings, double score, int wordIndex, Dictionary<int, ProductScore> scores)
    {
        foreach (var posting in postings)
        {
            if (!scores.TryGetValue(posting.Product, out var productScore))
            {
                scores[posting.Product] = productScore = new ProductScore(_products[posting.Product].Words.Length);
            }

            productScore.Add(posting.Word, wordIndex, score);
        }
    }

    /// <summary>How well a message word stands for a product word (0 when not at all).</summary>
    internal static double Similarity(string word, string productWord)
    {
        if (word == productWord)
        {
            return Exact;
        }

        if (productWord.Length < 3 || IsNumber(productWord))
        {
            return 0;
        }

        var extra = word.Length - productWord.Length;
        if (extra is > 0 and <= MaxSuffixLength && word.StartsWith(productWord, StringComparison.Ordinal))
        {
            return productWord.Length >= 4 || extra <= 3 ? Suffixed : 0;
        }

        if (productWord.Length >= 4 && Soften(productWord[^1]) is { } soft && extra is >= 1 and <= MaxSuffixLength
            && word.AsSpan().StartsWith(productWord.AsSpan(0, productWord.Length - 1), StringComparison.Ordinal)
            && word[productWord.Length - 1] == soft)
        {
            return Softened;
        }

        var allowed = productWord.Length switch
        {
            < 4 => 0,
            <= 7 => 1,
            _ => 2,
        };
        if (allowed == 0)
        {
            return 0;
        }

        if (Math.Abs(extra) <= allowed && Distance(word, productWord, allowed) <= allowed)
        {
            return Typo;
        }

        // A typo and a suffix: compare the word's beginning, a letter shorter to a letter longer than the product word.
        if (extra > allowed && extra <= MaxSuffixLength + 1)
        {
            for (var length = productWord.Length - 1; length <= productWord.Length + 1; length++)
            {
                if (Distance(word[..length], productWord, allowed) <= allowed)
                {
                    return TypoSuffixed;
                }
            }
        }

        return 0;
    }

    /// <summary>
    /// Turkish final-consonant softening before a vowel suffix, in folded letters (ğ is folded to g; ç→c needs no
    /// rule since both fold to c).
    /// </summary>
    private static char? Soften(char last) => last switch
    {
        'k' => 'g',
        'p' => 'b',
        't' => 'd',
        _ => null,
    };

    /// <summary>Restricted Damerau-Levenshtein distance (adjacent transpositions), stopping once above the limit.</summary>
    internal static int Distance(string a, string b, int limit)
    {
        if (Math.Abs(a.Length - b.Length) > limit)
        {
            return limit + 1;
        }

        var columns = b.Length + 1;
        Span<int> previous2 = stackalloc int[columns];
        Span<int> previous = stackalloc int[columns];
        Span<int> current = stackalloc int[columns];
        for (var j = 0; j < columns; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMinimum = current[0];
            for (var j = 1; j < columns; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    value = Math.Min(value, previous2[j - 2] + 1);
                }

                current[j] = value;
                rowMinimum = Math.Min(rowMinimum, value);
            }

            if (rowMinimum > limit)
            {
                return limit + 1;
            }

            var recycled = previous2;
            previous2 = previous;
            previous = current;
            current = recycled;
        }

        return previous[b.Length];
    }

    private List<ProductInfo> Suggestions(string normalizedPhrase)
    {
        var trigrams = Trigrams(normalizedPhrase);
        return [.. _products
            .Select(p => (p.Product, Similarity: Jaccard(trigrams, p.Trigrams)))
            .Where(s => s.Similarity >= MinimumSimilarity)
            .OrderByDescending(s => s.Similarity)
            .ThenBy(s => s.Product.Name, StringComparer.Ordinal)
            .Take(MaxSuggestions)
            .Select(s => s.Product)];
    }

    private List<string> PhraseWords(string phrase)
    {
        var words = new List<string>();
        foreach (var word in TurkishText.Tokenize(phrase))
        {
            // A filler word still counts when it is itself a word of some product name.
            if (!FillerWords.Contains(word) || _byWord.ContainsKey(word))
            {
                words.Add(word);
            }
        }

        return words;
    }

    private static HashSet<string> Trigrams(string normalized)
    {
        var padded = $"  {normalized} ";
        var set = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i + 3 <= padded.Length; i++)
        {
            set.Add(padded.Substring(i, 3));
        }

        return set;
    }

    private static double Jaccard(HashSet<string> a, HashSet<string> b)
    {
        if (a.Count == 0 || b.Count == 0)
        {
            return 0;
        }

        var shared = a.Count(b.Contains);
        return (double)shared / (a.Count + b.Count - shared);
    }

    private static string Prefix(string word) => word.Length <= 2 ? word : word[..2];

    private static bool IsNumber(string word)
    {
        foreach (var c in word)
        {
            if (!char.IsDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private readonly record struct Posting(int Product, int Word);

    /// <summary>A scored product: <see cref="Complete"/> when the phrase names it wholly or only with its words.</summary>
    private readonly record struct Ranked(int Index, double Score, double Coverage, bool Complete);

    /// <summary>Best score first, then the better covered, then by name (and catalogue order) so ties read the same every time.</summary>
    private int CompareRanked(Ranked a, Ranked b)
    {
        var order = b.Score.CompareTo(a.Score);
        if (order == 0)
        {
            order = b.Coverage.CompareTo(a.Coverage);
        }

        if (order == 0)
        {
            order = string.CompareOrdinal(_products[a.Index].Product.Name, _products[b.Index].Product.Name);
        }

        return order != 0 ? order : a.Index.CompareTo(b.Index);
    }

    /// <summary>How one product scored against the phrase: the best score per name word, and which phrase words hit it.</summary>
    private sealed class ProductScore(int nameWords)
    {
        private readonly double[] _best = new double[nameWords];

        public int PhraseWords { get; private set; }

        public double Sum => _best.Sum();

        public double Coverage => Sum / _best.Length;

        public void Add(int nameWord, int phraseWord, double score)
        {
            if (score > _best[nameWord])
            {
                _best[nameWord] = score;
            }

            if (phraseWord < 32)
            {
                PhraseWords |= 1 << phraseWord;
            }
        }
    }

    private sealed record ProductEntry(ProductInfo Product, string[] Words, HashSet<string> Trigrams);
}

/// <summary>How a product phrase matched.</summary>
public enum ProductMatchKind
{
    /// <summary>One product is clearly meant.</summary>
    Single,
    /// <summary>Several products match equally well; the user must choose.</summary>
    Ambiguous,
    /// <summary>No product matches.</summary>
    NotFound,
}

/// <summary>A match result.</summary>
/// <param name="Product">The product, for <see cref="ProductMatchKind.Single"/>.</param>
/// <param name="Candidates">For Single: the product. For Ambiguous: the products to choose from, best first (at most
/// five). For NotFound: the closest names as suggestions, best first (at most three, possibly none).</param>
public sealed record ProductMatch(ProductMatchKind Kind, ProductInfo? Product, IReadOnlyList<ProductInfo> Candidates);
