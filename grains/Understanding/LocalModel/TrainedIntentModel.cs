namespace Orchestrator.Grains.Understanding.LocalModel;

/// <summary>What the local model understood from one message.</summary>
/// <param name="Confidence">The calibrated probability of <paramref name="Intent"/>.</param>
/// <param name="UncalibratedConfidence">The classifier's probability before temperature scaling.</param>
/// <param name="Product">For product intents, the product phrase as written in the message; otherwise null.</param>
/// <param name="InfoType">For business_info, the tenant's meta key; otherwise null.</param>
/// <param name="LearnedInfoType">For business_info, the meta key as the training set names it, before mapping to the tenant's keys.</param>
public sealed record LocalPrediction(
    Intent Intent,
    double Confidence,
    double UncalibratedConfidence,
    string? Product,
    string? InfoType,
    string? LearnedInfoType)
{
    /// <summary>The LLM contract's JSON object for this prediction.</summary>
    public string ToJson() => LocalModelJson.Write(Intent, Confidence, Product, InfoType);
}

/// <summary>
/// The trained local model: immutable and safe to use from many threads at once. Produced by
/// <see cref="LocalIntentModelTrainer"/>.
/// </summary>
public sealed class TrainedIntentModel
{
    private readonly TextClassifier _intents;

    /// <summary>For each class of the intent classifier, its index in the calibration's vectors.</summary>
    private readonly int[] _indexOfClass;
    private readonly TextClassifier _infoTypes;
    private readonly ProductTagger _tagger;
    private readonly MetaKeyResolver _metaKeys;

    internal TrainedIntentModel(
        string version,
        TextClassifier intents,
        TextClassifier infoTypes,
        ProductTagger tagger,
        IntentCalibration calibration,
        TimeSpan trainingTime)
    {
        Version = version;
        _intents = intents;
        _indexOfClass = intents.Classes.Select(LocalIntentModelTrainer.ClassIndex).ToArray();
        _infoTypes = infoTypes;
        _tagger = tagger;
        _metaKeys = new MetaKeyResolver(infoTypes);
        Calibration = calibration;
        TrainingTime = trainingTime;
    }

    /// <summary><c>local-intent/{8 hex of the training set's hash}</c>.</summary>
    public string Version { get; }

    /// <summary>The calibration fitted on out-of-fold predictions at training time.</summary>
    public IntentCalibration Calibration { get; }

    /// <summary>How long training took, calibration included.</summary>
    public TimeSpan TrainingTime { get; }

    internal TextClassifier IntentClassifier => _intents;

    internal TextClassifier InfoTypeClassifier => _infoTypes;

    internal ProductTagger Tagger => _tagger;

    /// <summary>The meta keys the model learned, as the training set names them.</summary>
    public IReadOnlyList<string> LearnedInfoTypes => _infoTypes.Classes;

    /// <summary>Understands one message. Never throws for odd text (empty, emoji only, very long).</summary>
    /// <param name="business">The tenant's meta keys and product names, when known; both are optional.</param>
    public LocalPrediction Predict(string? message, BusinessContext? business = null)
    {
        message ??= "";
        var probabilities = IntentProbabilities(message);
        var intent = IntentCalibration.Decide(probabilities);

        string? product = null, infoType = null, learnedInfoType = null;
        if (intent.IsProductIntent())
        {
            product = ExtractProduct(message, business);
        }
        else if (intent == Intent.BusinessInfo)
        {
            var keyProbabilities = _infoTypes.Predict(message);
            var key = ArgMax(keyProbabilities);
            learnedInfoType = _infoTypes.Classes[key];
            var tokens = MessageTokenizer.Tokenize(message, ProductTagger.MaxTokens);
            infoType = _metaKeys.Resolve(learnedInfoType, keyProbabilities[key], tokens, business?.MetaKeys);
        }

        return new LocalPrediction(
            intent, Calibration.Confidence(probabilities, intent), probabilities[(int)intent], product, infoType, learnedInfoType);
    }

    /// <summary>The product phrase of a message as written, or null; whatever the intent.</summary>
    public string? ExtractProduct(string? message, BusinessContext? business = null)
    {
        if (string.IsNullOrEmpty(message))
        {
            return null;
        }

        var span = _tagger.Find(message, CatalogueWords.For(business?.ProductNames));
        return span is { } s ? message.Substring(s.Start, s.Length) : null;
    }

    /// <summary>The learned meta key of a message, whatever its intent (for evaluation).</summary>
    public string ClassifyInfoType(string message) => _infoTypes.Classes[ArgMax(_infoTypes.Predict(message))];

    /// <summary>
    /// The classifier's uncalibrated probability of every intent, indexed by <see cref="Intent"/>, with the
    /// background class last (<see cref="IntentCalibration.BackgroundIndex"/>).
    /// </summary>
    public float[] IntentProbabilities(string message)
    {
        var scores = _intents.Predict(message ?? "");
        var probabilities = new float[IntentCalibration.BackgroundIndex + 1];
        for (var i = 0; i < scores.Length; i++)
        {
            probabilities[_indexOfClass[i]] = scores[i];
        }

        return probabilities;
    }

    private static int ArgMax(ReadOnlySpan<float> values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }
}
