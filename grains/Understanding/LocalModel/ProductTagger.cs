using System.Collections.Frozen;
using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace Orchestrator.Grains.Understanding.LocalModel;

/// <summary>
/// Finds the product phrase of a message with a learned per-word tagger: an ML.NET logistic regression that says,
/// for each word, how likely it belongs to the product phrase, trained on the bracketed spans of the training set.
/// The phrase is the contiguous run of words with the highest total log-odds above the threshold.
/// </summary>
/// <remarks>
/// Features of a word: the word, its 4- and 6-letter prefixes and 2- and 3-letter suffixes, its neighbours (two on
/// each side, words and prefixes), its position, how it was written (capitals, digits), and two counts from the
/// training set: in how many examples the word was inside a product phrase and in how many outside one. The counts
/// are what lets the tagger handle products it has never seen: unknown words look like rare words, and rare
/// words next to "fiyatı" or "var mı" are products, while frequent words outside products ("ne", "kadar") are not.
/// In training the counts leave the example itself out, so a word seen once looks unseen, as at prediction time.
/// Frequent product names would still teach the tagger a vocabulary instead of a pattern, so every product example
/// is also learned once more with most of its product words replaced by made-up words that keep the real word's
/// suffix ("[abajurun] fiyatı" from "[geceliğin] fiyatı"): unknown stems in product positions are products.
/// When the tenant's product names are given, a word that matches one of their words (suffix-tolerantly) gets a
/// feature of its own; training simulates such catalogues (half of the examples, sometimes without the product,
/// always with other products), so the tagger learns how much to trust the signal and still works without one.
/// </remarks>
internal sealed class ProductTagger
{
    /// <summary>Only the first words of a long message are tagged, which bounds the per-call cost.</summary>
    public const int MaxTokens = 128;

    private const int SimulatedDistractors = 5;

    /// <summary>In the augmented copy of a product example, the share of product words replaced by made-up words.</summary>
    private const double UnseenWordRate = 0.7;

    private readonly FrozenDictionary<string, WordCounts> _counts;
    private readonly double _thresholdLogit;
    private readonly FrozenDictionary<string, double> _weights;
    private readonly double _bias;
    private readonly double _slope;
    private readonly double _offset;
    private readonly Lazy<PredictionEnginePool<TokenRow, TokenScore>> _engines;

    private ProductTagger(
        MLContext ml, TransformerChain<BinaryPredictionTransformer<CalibratedModelParametersBase<LinearBinaryModelParameters, PlattCalibrator>>> model,
        DataViewSchema schema, FrozenDictionary<string, WordCounts> counts, double threshold)
    {
        _counts = counts;
        _thresholdLogit = Logit(threshold);

        // The logistic regression taken out of ML.NET: a weight per feature name (the vector's slot names), the bias,
        // and the Platt calibration ML.NET puts on top (p = 1 / (1 + exp(slope · score + offset))).
        VBuffer<ReadOnlyMemory<char>> names = default;
        schema["FeatureVector"].GetSlotNames(ref names);
        var parameters = model.LastTransformer.Model;
        var weights = parameters.SubModel.Weights;
        if (weights.Count != names.Length)
        {
            throw new InvalidOperationException($"The tagger has {weights.Count} weights for {names.Length} features.");
        }

        _weights = names.DenseValues().Select((name, slot) => (Name: name.ToString(), Weight: (double)weights[slot]))
            .ToFrozenDictionary(f => f.Name, f => f.Weight, StringComparer.Ordinal);
        _bias = parameters.SubModel.Bias;
        _slope = parameters.Calibrator.Slope;
        _offset = parameters.Calibrator.Offset;
        _engines = new(() => new PredictionEnginePool<TokenRow, TokenScore>(() =>
        {
            lock (ml)
            {
                return ml.Model.CreatePredictionEngine<TokenRow, TokenScore>(model);
            }
        }));
    }

    public static ProductTagger Train(IReadOnlyList<TrainingExample> examples, LocalModelOptions options)
    {
        var tokenized = examples.Select(e => (Example: e, Tokens: MessageTokenizer.Tokenize(e.Text, MaxTokens))).ToArray();
        var counts = CountWords(tokenized);
        var phrases = tokenized
            .Where(t => t.Example.HasProduct)
            .Select(t => TurkishText.Tokenize(t.Example.Product!))
            .ToArray();

        var random = new Random(options.Seed);
        var rows = new List<TokenRow>();
        foreach (var (example, tokens) in tokenized)
        {
            var inside = tokens.Select(t => example.HasProduct && t.Start >= example.ProductStart && t.End <= example.ProductStart + example.ProductLength).ToArray();
            var own = OwnCounts(tokens, inside);
            WordCounts CountsOf(string word)
            {
                var total = counts.GetValueOrDefault(word);
                var mine = own.GetValueOrDefault(word);
                return new WordCounts(total.Inside - mine.Inside, total.Outside - mine.Outside);
            }

            AddRows(rows, tokens, inside, CountsOf, SimulateCatalogue(random, tokens, inside, phrases));
            if (example.HasProduct)
            {
                var unseen = WithUnseenProductWords(tokens, inside, random);
                AddRows(rows, unseen, inside, CountsOf, SimulateCatalogue(random, unseen, inside, phrases));
            }
        }

        var ml = new MLContext(options.Seed);
        var data = ml.Data.LoadFromEnumerable(rows);
        var pipeline = ml.Transforms.Text.TokenizeIntoWords("FeatureWords", nameof(TokenRow.Features), [' '])
            .Append(ml.Transforms.Conversion.MapValueToKey("FeatureKeys", "FeatureWords"))
            .Append(ml.Transforms.Text.ProduceNgrams("FeatureVector", "FeatureKeys", ngramLength: 1, useAllLengths: false))
            .AppendCacheCheckpoint(ml)
            .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
            {
                LabelColumnName = nameof(TokenRow.Label),
                FeatureColumnName = "FeatureVector",
                L2Regularization = 0.5f,
                L1Regularization = 0,
                NumberOfThreads = 1,
            }));
        var model = pipeline.Fit(data);
        return new ProductTagger(ml, model, model.GetOutputSchema(data.Schema), counts, options.ProductThreshold);
    }

    /// <summary>The product phrase's start and length in <paramref name="message"/>, or null when there is none.</summary>
    public (int Start, int Length)? Find(string message, CatalogueWords? catalogue)
    {
        var tokens = MessageTokenizer.Tokenize(message, MaxTokens);
        if (tokens.Length == 0)
        {
            return null;
        }

        var scores = TokenScores(tokens, catalogue);

        // The best contiguous run (maximum-sum subarray): words below the threshold only join it when they bridge
        // two stronger parts of one phrase.
        double best = 0, current = 0;
        int bestStart = -1, bestEnd = -1, currentStart = 0;
        for (var i = 0; i < scores.Length; i++)
        {
            if (current <= 0)
            {
                current = 0;
                currentStart = i;
            }

            current += scores[i];
            if (current > best)
            {
                best = current;
                bestStart = currentStart;
                bestEnd = i;
            }
        }

        return bestStart < 0 ? null : (tokens[bestStart].Start, tokens[bestEnd].End - tokens[bestStart].Start);
    }

    /// <summary>Each word's log-odds of belonging to the product phrase, less the threshold's.</summary>
    private double[] TokenScores(MessageToken[] tokens, CatalogueWords? catalogue)
    {
        var inCatalogue = InCatalogue(tokens, catalogue);
        var scores = new double[tokens.Length];
        var sum = new WeightSum(_weights);
        Func<string, WordCounts> counts = w => _counts.GetValueOrDefault(w);
        for (var i = 0; i < tokens.Length; i++)
        {
            sum.Total = _bias;
            TokenFeatures.Write(tokens, i, counts, inCatalogue, sum);
            scores[i] = Math.Clamp(-((_slope * sum.Total) + _offset), -MaxLogit, MaxLogit) - _thresholdLogit;
        }

        return scores;
    }

    /// <summary>
    /// The same scores from ML.NET's prediction engine over the trained pipeline: the reference
    /// <see cref="TokenScores"/> is held to in tests.
    /// </summary>
    internal double[] TokenScoresWithMlNet(string message, CatalogueWords? catalogue)
    {
        var tokens = MessageTokenizer.Tokenize(message, MaxTokens);
        var inCatalogue = InCatalogue(tokens, catalogue);
        var scores = new double[tokens.Length];
        var engine = _engines.Value.Rent();
        try
        {
            var row = new TokenRow();
            for (var i = 0; i < tokens.Length; i++)
            {
                row.Features = TokenFeatures.Describe(tokens, i, w => _counts.GetValueOrDefault(w), inCatalogue);
                scores[i] = Logit(engine.Predict(row).Probability) - _thresholdLogit;
            }
        }
        finally
        {
            _engines.Value.Return(engine);
        }

        return scores;
    }

    /// <summary>The direct scores of a message's words (for tests beside <see cref="TokenScoresWithMlNet"/>).</summary>
    internal double[] TokenScoresOf(string message, CatalogueWords? catalogue) =>
        TokenScores(MessageTokenizer.Tokenize(message, MaxTokens), catalogue);

    private static bool[]? InCatalogue(MessageToken[] tokens, CatalogueWords? catalogue) =>
        catalogue is null || catalogue.IsEmpty ? null : tokens.Select(t => catalogue.Contains(t.Normalized)).ToArray();

    private static void AddRows(List<TokenRow> rows, MessageToken[] tokens, bool[] inside, Func<string, WordCounts> counts, CatalogueWords? catalogue)
    {
        var inCatalogue = catalogue is null ? null : tokens.Select(t => catalogue.Contains(t.Normalized)).ToArray();
        for (var i = 0; i < tokens.Length; i++)
        {
            rows.Add(new TokenRow { Features = TokenFeatures.Describe(tokens, i, counts, inCatalogue), Label = inside[i] });
        }
    }

    private static MessageToken[] WithUnseenProductWords(MessageToken[] tokens, bool[] inside, Random random)
    {
        var copy = (MessageToken[])tokens.Clone();
        for (var i = 0; i < copy.Length; i++)
        {
            // Draw for every word so the sequence of random numbers does not depend on where the product is.
            var replace = random.NextDouble() < UnseenWordRate;
            var stem = NoiseMessages.PseudoWord(random);
            if (inside[i] && replace)
            {
                var word = copy[i].Normalized;
                var suffix = word.Length > 5 ? WordStems.Suffix(word, 2) : "";
                copy[i] = copy[i] with { Normalized = "~" + stem + suffix };
            }
        }

        return copy;
    }

    private static FrozenDictionary<string, WordCounts> CountWords(IEnumerable<(TrainingExample Example, MessageToken[] Tokens)> tokenized)
    {
        var counts = new Dictionary<string, WordCounts>(StringComparer.Ordinal);
        foreach (var (example, tokens) in tokenized)
        {
            var inside = tokens.Select(t => example.HasProduct && t.Start >= example.ProductStart && t.End <= example.ProductStart + example.ProductLength).ToArray();
            foreach (var (word, own) in OwnCounts(tokens, inside))
            {
                var total = counts.GetValueOrDefault(word);
                counts[word] = new WordCounts(total.Inside + own.Inside, total.Outside + own.Outside);
            }
        }

        return counts.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>Per example, a word counts once inside and once outside the product phrase at most.</summary>
    private static Dictionary<string, WordCounts> OwnCounts(MessageToken[] tokens, bool[] inside)
    {
        var own = new Dictionary<string, WordCounts>(StringComparer.Ordinal);
        for (var i = 0; i < tokens.Length; i++)
        {
            var current = own.GetValueOrDefault(tokens[i].Normalized);
            own[tokens[i].Normalized] = inside[i] ? current with { Inside = 1 } : current with { Outside = 1 };
        }

        return own;
    }

    private static CatalogueWords? SimulateCatalogue(Random random, MessageToken[] tokens, bool[] inside, string[][] phrases)
    {
        // Draw every number whether or not it is used, so one example's choice does not shift the others'.
        var present = random.NextDouble() < 0.5;
        var withProduct = random.NextDouble() < 0.8;
        var distractors = Enumerable.Range(0, SimulatedDistractors).Select(_ => random.Next(phrases.Length)).ToArray();
        if (!present)
        {
            return null;
        }

        var words = distractors.SelectMany(d => phrases[d]).ToList();
        if (withProduct)
        {
            words.AddRange(tokens.Where((_, i) => inside[i]).Select(t => t.Normalized));
        }

        return new CatalogueWords(words);
    }

    /// <summary>The log-odds of the probabilities <see cref="Logit"/> clamps to.</summary>
    private static readonly double MaxLogit = Logit(1 - 1e-6);

    private static double Logit(double p)
    {
        var clamped = Math.Clamp(p, 1e-6, 1 - 1e-6);
        return Math.Log(clamped / (1 - clamped));
    }

    /// <summary>Sums the weights of a word's features, looked up without building their names as strings.</summary>
    private sealed class WeightSum(FrozenDictionary<string, double> weights) : ITokenFeatureSink
    {
        private readonly FrozenDictionary<string, double>.AlternateLookup<ReadOnlySpan<char>> _weights =
            weights.GetAlternateLookup<ReadOnlySpan<char>>();

        private char[] _buffer = new char[64];

        public double Total { get; set; }

        public void Add(string name, ReadOnlySpan<char> value) => Add(name, value, default, separate: false);

        public void Add(string name, ReadOnlySpan<char> first, ReadOnlySpan<char> second) => Add(name, first, second, separate: true);

        private void Add(string name, ReadOnlySpan<char> first, ReadOnlySpan<char> second, bool separate)
        {
            var length = name.Length + first.Length + (separate ? 1 + second.Length : 0);
            if (_buffer.Length < length)
            {
                _buffer = new char[Math.Max(length, _buffer.Length * 2)];
            }

            var text = _buffer.AsSpan();
            name.CopyTo(text);
            first.CopyTo(text[name.Length..]);
            if (separate)
            {
                text[name.Length + first.Length] = '_';
                second.CopyTo(text[(name.Length + first.Length + 1)..]);
            }

            if (_weights.TryGetValue(text[..length], out var weight))
            {
                Total += weight;
            }
        }
    }

    private sealed class TokenRow
    {
        public string Features { get; set; } = "";

        public bool Label { get; set; }
    }

    private sealed class TokenScore
    {
        public float Probability { get; set; }
    }
}

/// <summary>In how many training examples a word appeared inside and outside the product phrase.</summary>
internal readonly record struct WordCounts(int Inside, int Outside);

/// <summary>Receives a word's feature names: <c>name + value</c>, or <c>name + first + "_" + second</c>.</summary>
internal interface ITokenFeatureSink
{
    void Add(string name, ReadOnlySpan<char> value);

    void Add(string name, ReadOnlySpan<char> first, ReadOnlySpan<char> second);
}

/// <summary>The product tagger's features of one word.</summary>
internal static class TokenFeatures
{
    private static readonly string[] ShapeNames = Enum.GetNames<TokenShape>();
    private static readonly string[] Positions = ["0", "1", "2", "3", "4"];

    /// <summary>The features as space-separated names: the text ML.NET's pipeline is trained on.</summary>
    public static string Describe(MessageToken[] tokens, int i, Func<string, WordCounts> counts, bool[]? inCatalogue)
    {
        var text = new FeatureText();
        Write(tokens, i, counts, inCatalogue, text);
        return text.ToString();
    }

    public static void Write(MessageToken[] tokens, int i, Func<string, WordCounts> counts, bool[]? inCatalogue, ITokenFeatureSink sink)
    {
        var word = tokens[i].Normalized;
        var previous = i > 0 ? tokens[i - 1].Normalized : "<s>";
        var previous2 = i > 1 ? tokens[i - 2].Normalized : "<s>";
        var next = i + 1 < tokens.Length ? tokens[i + 1].Normalized : "</s>";
        var next2 = i + 2 < tokens.Length ? tokens[i + 2].Normalized : "</s>";
        var own = counts(word);
        var before = i > 0 ? counts(previous) : default;
        var after = i + 1 < tokens.Length ? counts(next) : default;

        sink.Add("w=", word);
        sink.Add("p4=", Prefix(word, 4));
        sink.Add("p6=", Prefix(word, 6));
        sink.Add("x2=", Suffix(word, 2));
        sink.Add("x3=", Suffix(word, 3));
        sink.Add("in=", Bucket(own.Inside));
        sink.Add("out=", Bucket(own.Outside));
        sink.Add("io=", Bucket(own.Inside), Bucket(own.Outside));
        sink.Add("shape=", ShapeNames[(int)tokens[i].Shape]);
        sink.Add("len=", LengthBucket(word.Length));
        sink.Add("i=", Positions[Math.Min(i, 4)]);
        sink.Add("r=", Positions[Math.Min(tokens.Length - 1 - i, 4)]);
        sink.Add("w-1=", previous);
        sink.Add("w-2=", previous2);
        sink.Add("w+1=", next);
        sink.Add("w+2=", next2);
        sink.Add("p-1=", Prefix(previous, 4));
        sink.Add("p+1=", Prefix(next, 4));
        sink.Add("p+2=", Prefix(next2, 4));
        sink.Add("v2=", Prefix(previous2, 4), Prefix(previous, 4));
        sink.Add("n2=", Prefix(next, 4), Prefix(next2, 4));
        sink.Add("io-1=", Bucket(before.Inside), Bucket(before.Outside));
        sink.Add("io+1=", Bucket(after.Inside), Bucket(after.Outside));

        if (inCatalogue is not null)
        {
            sink.Add(inCatalogue[i] ? "cat" : "cat-miss", default);
            if (i > 0 && inCatalogue[i - 1])
            {
                sink.Add("cat-1", default);
            }

            if (i + 1 < tokens.Length && inCatalogue[i + 1])
            {
                sink.Add("cat+1", default);
            }
        }
    }

    /// <summary>As <see cref="WordStems.Prefix"/>, without a new string.</summary>
    private static ReadOnlySpan<char> Prefix(string word, int length) => word.AsSpan(0, Math.Min(length, word.Length));

    /// <summary>As <see cref="WordStems.Suffix"/>, without a new string.</summary>
    private static ReadOnlySpan<char> Suffix(string word, int length) => word.AsSpan(Math.Max(0, word.Length - length));

    private static string Bucket(int count) => count switch
    {
        0 => "0",
        1 => "1",
        < 4 => "2",
        < 10 => "4",
        _ => "10",
    };

    private static string LengthBucket(int length) => length switch
    {
        <= 2 => "s",
        <= 4 => "m",
        <= 7 => "l",
        _ => "xl",
    };

    private sealed class FeatureText : ITokenFeatureSink
    {
        private readonly System.Text.StringBuilder _text = new(256);

        public void Add(string name, ReadOnlySpan<char> value) => Separate().Append(name).Append(value);

        public void Add(string name, ReadOnlySpan<char> first, ReadOnlySpan<char> second) =>
            Separate().Append(name).Append(first).Append('_').Append(second);

        public override string ToString() => _text.ToString();

        private System.Text.StringBuilder Separate() => _text.Length > 0 ? _text.Append(' ') : _text;
    }
}
