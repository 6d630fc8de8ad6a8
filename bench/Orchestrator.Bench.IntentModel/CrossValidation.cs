using System.Collections.Concurrent;
using System.Diagnostics;
using Orchestrator.Grains.Understanding;
using Orchestrator.Grains.Understanding.LocalModel;

namespace Orchestrator.Bench.IntentModel;

/// <summary>One held-out example and what the model trained without it said.</summary>
/// <param name="Probabilities">The classifier's probabilities, indexed by <see cref="Intent"/>, background class last.</param>
/// <param name="ByMethod">The confidence of the predicted intent under each calibration method, fitted in the fold.</param>
/// <param name="InfoTypeGivenIntent">For business_info examples, the learned key the meta-key classifier chose.</param>
/// <param name="Product">For product examples, the extracted phrase without a catalogue.</param>
/// <param name="ProductWithCatalogue">The same with a catalogue of the product and ten other products.</param>
internal sealed record HeldOut(
    TrainingExample Example,
    LocalPrediction Prediction,
    float[] Probabilities,
    IReadOnlyDictionary<CalibrationMethod, double> ByMethod,
    IntentCalibration Calibration,
    string? InfoTypeGivenIntent,
    string? Product,
    string? ProductWithCatalogue);

internal sealed record Latency(double MeanMicroseconds, double P50Microseconds, double P99Microseconds, double ConcurrentMeanMicroseconds, int Calls);

internal sealed record CrossValidationResult(
    IReadOnlyList<HeldOut> HeldOut,
    IReadOnlyList<IntentCalibration> Calibrations,
    IReadOnlyList<TimeSpan> FoldTrainingTimes,
    TimeSpan FullTrainingTime,
    string ModelVersion,
    Latency Latency,
    IReadOnlyList<(string Text, LocalPrediction Prediction, IReadOnlyDictionary<CalibrationMethod, double> ByMethod)> Gibberish);

internal static class CrossValidation
{
    private const int CatalogueDistractors = 10;
    private const int GibberishProbes = 300;

    private static readonly string[] TenantMetaKeys = ["iade", "kargo", "telefon", "adres", "calisma_saatleri", "odeme", "garanti"];

    public static CrossValidationResult Run(IntentTrainingSet trainingSet, BenchOptions options)
    {
        var examples = trainingSet.Examples;
        var modelOptions = options.Model with { Seed = options.Seed };
        var folds = StratifiedFolds.Assign(examples.Select(e => e.Label).ToArray(), options.Folds, options.Seed);
        var heldOut = new List<HeldOut>();
        var calibrations = new List<IntentCalibration>();
        var trainingTimes = new List<TimeSpan>();
        for (var fold = 0; fold < options.Folds; fold++)
        {
            var trainIndices = Enumerable.Range(0, examples.Count).Where(i => folds[i] != fold).ToArray();
            var model = LocalIntentModelTrainer.Train(trainingSet.Subset(trainIndices), modelOptions);
            calibrations.Add(model.Calibration);
            trainingTimes.Add(model.TrainingTime);
            Console.WriteLine($"  fold {fold + 1}/{options.Folds}: trained in {model.TrainingTime.TotalSeconds:F2} s, temperature {model.Calibration.Temperature:F3}, Platt a {model.Calibration.PlattSlope:F3} b {model.Calibration.PlattIntercept:F3}");

            var productPool = trainIndices.Select(i => examples[i].Product).OfType<string>().Distinct(StringComparer.Ordinal).ToArray();
            var random = new Random(HashCode.Combine(options.Seed, fold));
            for (var i = 0; i < examples.Count; i++)
            {
                if (folds[i] == fold)
                {
                    heldOut.Add(Evaluate(model, examples[i], productPool, random));
                }
            }
        }

        Console.WriteLine("  training the full model and measuring latency...");
        var full = LocalIntentModelTrainer.Train(trainingSet, modelOptions);
        var latency = MeasureLatency(full, examples);
        var gibberish = Gibberish(options.Seed).Select(text =>
        {
            var prediction = full.Predict(text);
            var probabilities = full.IntentProbabilities(text);
            IReadOnlyDictionary<CalibrationMethod, double> byMethod = Enum.GetValues<CalibrationMethod>()
                .ToDictionary(m => m, m => full.Calibration.Confidence(probabilities, prediction.Intent, m));
            return (text, prediction, byMethod);
        }).ToList();
        Console.WriteLine();
        return new CrossValidationResult(heldOut, calibrations, trainingTimes, full.TrainingTime, full.Version, latency, gibberish);
    }

    private static HeldOut Evaluate(TrainedIntentModel model, TrainingExample example, string[] productPool, Random random)
    {
        var prediction = model.Predict(example.Text);
        var probabilities = model.IntentProbabilities(example.Text);
        var byMethod = Enum.GetValues<CalibrationMethod>()
            .ToDictionary(m => m, m => model.Calibration.Confidence(probabilities, prediction.Intent, m));
        string? infoType = null, product = null, productWithCatalogue = null;
        if (example.Intent == Intent.BusinessInfo)
        {
            infoType = model.ClassifyInfoType(example.Text);
        }

        if (example.Intent.IsProductIntent())
        {
            product = model.ExtractProduct(example.Text);
            var names = Enumerable.Range(0, CatalogueDistractors).Select(_ => productPool[random.Next(productPool.Length)]).ToList();
            if (example.Product is { } gold)
            {
                names.Add(gold);
            }

            productWithCatalogue = model.ExtractProduct(example.Text, new BusinessContext("bench", "Bench", [], names));
        }

        return new HeldOut(example, prediction, probabilities, byMethod, model.Calibration, infoType, product, productWithCatalogue);
    }

    private static Latency MeasureLatency(TrainedIntentModel model, IReadOnlyList<TrainingExample> examples)
    {
        var local = new LocalIntentModel(model);
        var business = new BusinessContext(
            "bench", "Bench", TenantMetaKeys, examples.Select(e => e.Product).OfType<string>().Distinct().Take(40).ToList());
        var requests = examples.Select(e => new ModelRequest(e.Text, [], business)).ToArray();
        foreach (var request in requests)
        {
            _ = local.CompleteAsync(request, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        }

        const int Rounds = 3;
        var samples = new double[requests.Length * Rounds];
        var n = 0;
        for (var round = 0; round < Rounds; round++)
        {
            foreach (var request in requests)
            {
                var start = Stopwatch.GetTimestamp();
                _ = local.CompleteAsync(request, CancellationToken.None).AsTask().GetAwaiter().GetResult();
                samples[n++] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            }
        }

        Array.Sort(samples);

        // The same calls from every core at once: what a busy silo sees per call, pool contention included.
        var concurrent = new ConcurrentBag<double>();
        var wall = Stopwatch.StartNew();
        Parallel.For(0, requests.Length * Rounds, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount * 2 }, i =>
            _ = local.CompleteAsync(requests[i % requests.Length], CancellationToken.None).AsTask().GetAwaiter().GetResult());
        var concurrentMean = wall.Elapsed.TotalMicroseconds * Environment.ProcessorCount / (requests.Length * Rounds);

        return new Latency(samples.Average(), samples[samples.Length / 2], samples[(int)(samples.Length * 0.99)], concurrentMean, samples.Length);
    }

    /// <summary>Random letter strings of one to three words: text no customer means anything by.</summary>
    private static IEnumerable<string> Gibberish(int seed)
    {
        const string Letters = "abcçdefgğhıijklmnoöprsştuüvyz";
        var random = new Random(seed);
        for (var i = 0; i < GibberishProbes; i++)
        {
            var words = Enumerable.Range(0, random.Next(1, 4))
                .Select(_ => new string(Enumerable.Range(0, random.Next(3, 10)).Select(_ => Letters[random.Next(Letters.Length)]).ToArray()));
            yield return string.Join(' ', words);
        }
    }
}
