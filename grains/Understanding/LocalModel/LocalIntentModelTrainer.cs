using System.Diagnostics;

namespace Orchestrator.Grains.Understanding.LocalModel;

/// <summary>
/// Trains the local model: the intent classifier with its calibration, the meta-key classifier and the product
/// tagger. Training is deterministic for a given training set and <see cref="LocalModelOptions.Seed"/>.
/// </summary>
public static class LocalIntentModelTrainer
{
    private static readonly Lazy<Task<TrainedIntentModel>> Shared = new(
        () => Task.Run(() => Train(IntentTrainingSet.Embedded)),
        LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// The process's model, trained once from the embedded training set on a thread-pool thread the first time it
    /// is asked for. Await it at start-up to warm up; later callers share the same task. A failure is kept too:
    /// the embedded set and the seed are fixed, so training again would fail the same way.
    /// </summary>
    public static Task<TrainedIntentModel> GetSharedAsync() => Shared.Value;

    /// <summary>Trains a model on <paramref name="trainingSet"/>; takes a few seconds for the embedded set.</summary>
    public static TrainedIntentModel Train(IntentTrainingSet trainingSet, LocalModelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(trainingSet);
        options ??= LocalModelOptions.Default;
        var stopwatch = Stopwatch.StartNew();
        var examples = trainingSet.Examples;

        var calibration = options.CalibrationFolds >= 2 && options.Calibration != CalibrationMethod.None
            ? FitCalibration(examples, options)
            : IntentCalibration.Identity;
        var intents = TextClassifier.Train(IntentRows(examples, options), options);
        var infoTypes = TextClassifier.Train(
            examples.Where(e => e.Intent == Intent.BusinessInfo).Select(e => (e.Text, e.InfoType!)).ToList(),
            options);
        var tagger = ProductTagger.Train(examples, options);

        return new TrainedIntentModel(
            $"local-intent/{trainingSet.Hash}", intents, infoTypes, tagger, calibration, stopwatch.Elapsed);
    }

    /// <summary>
    /// Intent probabilities for every example from a classifier that did not see it (stratified k-fold), with the
    /// true intents. Indices follow <see cref="Intent"/>; the last one is the background class.
    /// </summary>
    public static (float[][] Probabilities, int[] Labels) OutOfFoldIntentProbabilities(
        IReadOnlyList<TrainingExample> examples, LocalModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(options);
        var folds = StratifiedFolds.Assign(examples.Select(e => e.Label).ToArray(), options.CalibrationFolds, options.Seed);
        var probabilities = new float[examples.Count][];
        var size = IntentCalibration.BackgroundIndex + 1;
        var labels = examples.Select(e => (int)e.Intent).ToArray();

        // The folds are independent models with their own seeded contexts, so training them in parallel keeps
        // the result deterministic while using every core at start-up.
        Parallel.For(0, options.CalibrationFolds, fold =>
        {
            var train = Enumerable.Range(0, examples.Count).Where(i => folds[i] != fold).Select(i => examples[i]).ToList();
            var classifier = TextClassifier.Train(IntentRows(train, options), options);
            var indexOfClass = classifier.Classes.Select(ClassIndex).ToArray();
            for (var i = 0; i < examples.Count; i++)
            {
                if (folds[i] != fold)
                {
                    continue;
                }

                var scores = classifier.Predict(examples[i].Text);
                var byIntent = new float[size];
                for (var c = 0; c < scores.Length; c++)
                {
                    byIntent[indexOfClass[c]] = scores[c];
                }

                probabilities[i] = byIntent;
            }
        });

        return (probabilities, labels);
    }

    private static IntentCalibration FitCalibration(IReadOnlyList<TrainingExample> examples, LocalModelOptions options)
    {
        var (probabilities, labels) = OutOfFoldIntentProbabilities(examples, options);
        return IntentCalibration.Fit(probabilities, labels, options.Calibration);
    }

    internal static int ClassIndex(string label) =>
        IntentNames.TryParse(label, out var intent) ? (int)intent : IntentCalibration.BackgroundIndex;

    private static List<(string Message, string Label)> IntentRows(IReadOnlyList<TrainingExample> examples, LocalModelOptions options)
    {
        var rows = examples.Select(e => (e.Text, e.Intent.ToWire())).ToList();
        var noise = (int)Math.Round(examples.Count * options.NoiseShare);
        if (noise > 0)
        {
            rows.AddRange(NoiseMessages.Generate(examples, noise, options.Seed).Select(m => (m, NoiseMessages.Label)));
        }

        return rows;
    }
}
