using System.Text;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Transforms.Text;

namespace Orchestrator.Grains.Understanding.LocalModel;

/// <summary>
/// A multiclass maximum-entropy classifier over a message's normalised text. Features: word unigrams and bigrams,
/// character n-grams (1 to 4, across word boundaries, so typos and unseen suffixes still share most of their
/// grams), and unigrams and bigrams of 4-letter word prefixes, which stand in for a stemmer: "fiyatı", "fiyatını",
/// "fiyatlar" all start with "fiya". Used for the intent and, on business_info messages, for the meta key.
/// </summary>
internal sealed class TextClassifier
{
    /// <summary>Longer messages are classified by their beginning, which bounds the cost of a 4,000-character message.</summary>
    public const int MaxTextLength = 1_000;

    private const int StemLength = 4;
    private const string LabelKey = "LabelKey";

    private readonly LinearTextModel _linear;
    private readonly Lazy<PredictionEnginePool<TextRow, ClassScores>> _engines;
    private readonly string[] _classes;

    private TextClassifier(MLContext ml, ITransformer model, LinearTextModel linear, string[] classes)
    {
        _classes = classes;
        _linear = linear;
        _engines = new(() => new PredictionEnginePool<TextRow, ClassScores>(() => CreateEngine(ml, model)));
    }

    /// <summary>The class names, in the order of <see cref="Predict"/>'s probabilities.</summary>
    public IReadOnlyList<string> Classes => _classes;

    /// <summary>The index of a class in <see cref="Classes"/>, or -1.</summary>
    public int IndexOf(string label) => Array.IndexOf(_classes, label);

    public static TextClassifier Train(IReadOnlyList<(string Message, string Label)> examples, LocalModelOptions options)
    {
        var ml = new MLContext(options.Seed);
        var data = ml.Data.LoadFromEnumerable(examples.Select(e => ToRow(e.Message, e.Label)).ToList());
        var pipeline = ml.Transforms.Conversion.MapValueToKey(LabelKey, nameof(TextRow.Label))
            .Append(ml.Transforms.Text.FeaturizeText("TextFeatures", TextOptions(options), nameof(TextRow.Text)))
            .Append(ml.Transforms.Text.FeaturizeText("StemFeatures", StemOptions(), nameof(TextRow.Stems)))
            .Append(ml.Transforms.Concatenate("Features", "TextFeatures", "StemFeatures"))
            .AppendCacheCheckpoint(ml)
            .Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(new LbfgsMaximumEntropyMulticlassTrainer.Options
            {
                LabelColumnName = LabelKey,
                FeatureColumnName = "Features",
                L2Regularization = options.L2Regularization,
                L1Regularization = 0,
                // One thread: multi-threaded L-BFGS sums gradients in a varying order, which breaks determinism.
                NumberOfThreads = 1,
            }));
        var model = pipeline.Fit(data);

        var schema = model.GetOutputSchema(data.Schema);
        VBuffer<ReadOnlyMemory<char>> keys = default;
        schema[LabelKey].GetKeyValues(ref keys);
        var classes = keys.DenseValues().Select(k => k.ToString()).ToArray();
        var linear = LinearTextModel.From(schema, "TextFeatures", "StemFeatures", model.LastTransformer.Model, options.CharNgramLength);
        if (linear.Classes != classes.Length)
        {
            throw new InvalidOperationException($"The model scores {linear.Classes} classes; the labels name {classes.Length}.");
        }

        return new TextClassifier(ml, model, linear, classes);
    }

    /// <summary>The class probabilities for a message (any text; normalised here).</summary>
    public float[] Predict(string message)
    {
        var row = ToRow(message, "");
        return _linear.Predict(row.Text, row.Stems);
    }

    /// <summary>
    /// The same probabilities from ML.NET's prediction engine over the trained pipeline: the reference
    /// <see cref="Predict"/> is held to in tests.
    /// </summary>
    internal float[] PredictWithMlNet(string message)
    {
        var row = ToRow(message, "");
        var engine = _engines.Value.Rent();
        try
        {
            var scores = engine.Predict(row).Score;
            var result = new float[_classes.Length];
            Array.Copy(scores, result, Math.Min(scores.Length, result.Length));
            return result;
        }
        finally
        {
            _engines.Value.Return(engine);
        }
    }

    private static TextRow ToRow(string message, string label)
    {
        var normalized = TurkishText.Normalize(message.Length > MaxTextLength ? message[..MaxTextLength] : message);
        var stems = new StringBuilder(normalized.Length);
        foreach (var word in normalized.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (stems.Length > 0)
            {
                stems.Append(' ');
            }

            stems.Append(WordStems.Prefix(word, StemLength));
        }

        return new TextRow { Text = normalized, Stems = stems.ToString(), Label = label };
    }

    private static TextFeaturizingEstimator.Options TextOptions(LocalModelOptions options) => new()
    {
        // The text is already lower-cased and folded the Turkish way; ML.NET's own casing is culture-neutral.
        CaseMode = TextNormalizingEstimator.CaseMode.None,
        KeepDiacritics = true,
        KeepNumbers = true,
        KeepPunctuations = false,
        StopWordsRemoverOptions = null,
        WordFeatureExtractor = new WordBagEstimator.Options { NgramLength = 2, UseAllLengths = true },
        CharFeatureExtractor = new WordBagEstimator.Options { NgramLength = options.CharNgramLength, UseAllLengths = true },
        Norm = TextFeaturizingEstimator.NormFunction.L2,
    };

    private static TextFeaturizingEstimator.Options StemOptions() => new()
    {
        CaseMode = TextNormalizingEstimator.CaseMode.None,
        KeepDiacritics = true,
        KeepNumbers = true,
        KeepPunctuations = false,
        StopWordsRemoverOptions = null,
        WordFeatureExtractor = new WordBagEstimator.Options { NgramLength = 2, UseAllLengths = true },
        CharFeatureExtractor = null,
        Norm = TextFeaturizingEstimator.NormFunction.L2,
    };

    private static PredictionEngine<TextRow, ClassScores> CreateEngine(MLContext ml, ITransformer model)
    {
        // Engine creation touches the shared MLContext; it is rare (the pool keeps engines), so a lock is cheap.
        lock (ml)
        {
            return ml.Model.CreatePredictionEngine<TextRow, ClassScores>(model);
        }
    }

    private sealed class TextRow
    {
        public string Text { get; set; } = "";

        public string Stems { get; set; } = "";

        public string Label { get; set; } = "";
    }

    private sealed class ClassScores
    {
        public float[] Score { get; set; } = [];
    }
}
