using System.Text;
using Orchestrator.Grains.Understanding;
using Orchestrator.Grains.Understanding.LocalModel;

namespace Orchestrator.Bench.IntentModel;

/// <summary>Turns the held-out predictions into the printed tables and the pass/fail verdict.</summary>
internal static class Report
{
    private const int CalibrationBins = 10;

    public static (string Text, bool Passed) Build(CrossValidationResult result, BenchOptions options)
    {
        var text = new StringBuilder();
        var heldOut = result.HeldOut;
        var intents = Enum.GetValues<Intent>();
        var correct = heldOut.Count(h => h.Prediction.Intent == h.Example.Intent);
        var accuracy = (double)correct / heldOut.Count;

        text.AppendLine("Intent classification (out-of-fold)");
        text.AppendLine($"  {"intent",-15} {"precision",9} {"recall",9} {"F1",9} {"support",8}");
        var f1s = new List<double>();
        foreach (var intent in intents)
        {
            var tp = heldOut.Count(h => h.Example.Intent == intent && h.Prediction.Intent == intent);
            var predicted = heldOut.Count(h => h.Prediction.Intent == intent);
            var actual = heldOut.Count(h => h.Example.Intent == intent);
            var precision = Ratio(tp, predicted);
            var recall = Ratio(tp, actual);
            var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            f1s.Add(f1);
            text.AppendLine($"  {intent.ToWire(),-15} {precision,9:F3} {recall,9:F3} {f1,9:F3} {actual,8}");
        }

        var macroF1 = f1s.Average();
        text.AppendLine($"  {"accuracy",-15} {accuracy,29:F3} {heldOut.Count,8}");
        text.AppendLine($"  {"macro-F1",-15} {macroF1,29:F3}");
        text.AppendLine();

        text.AppendLine("Confusion matrix (rows: true, columns: predicted)");
        text.Append($"  {"",-15}");
        foreach (var intent in intents)
        {
            text.Append($" {Short(intent),6}");
        }

        text.AppendLine();
        foreach (var actual in intents)
        {
            text.Append($"  {actual.ToWire(),-15}");
            foreach (var predicted in intents)
            {
                text.Append($" {heldOut.Count(h => h.Example.Intent == actual && h.Prediction.Intent == predicted),6}");
            }

            text.AppendLine();
        }

        text.AppendLine();

        var info = heldOut.Where(h => h.Example.Intent == Intent.BusinessInfo).ToList();
        var infoGiven = Ratio(info.Count(h => h.InfoTypeGivenIntent == h.Example.InfoType), info.Count);
        var infoEndToEnd = Ratio(info.Count(h => h.Prediction.Intent == Intent.BusinessInfo && h.Prediction.LearnedInfoType == h.Example.InfoType), info.Count);
        text.AppendLine($"info_type on business_info ({info.Count} examples, {info.Select(h => h.Example.InfoType).Distinct().Count()} keys)");
        text.AppendLine($"  accuracy given the intent             {infoGiven,7:F3}");
        text.AppendLine($"  accuracy end to end (intent and key)  {infoEndToEnd,7:F3}");
        text.AppendLine();

        var products = heldOut.Where(h => h.Example.Intent.IsProductIntent()).ToList();
        var (exact, tokenP, tokenR, tokenF1) = SpanScores(products, h => h.Product);
        var (exactCat, tokenPCat, tokenRCat, tokenF1Cat) = SpanScores(products, h => h.ProductWithCatalogue);
        var (exactE2E, _, _, tokenF1E2E) = SpanScores(products, h => h.Prediction.Product);
        text.AppendLine($"Product phrase on product intents ({products.Count} examples, {products.Count(h => h.Example.HasProduct)} with a product)");
        text.AppendLine($"  {"",-34} {"exact",7} {"tok-P",7} {"tok-R",7} {"tok-F1",7}");
        text.AppendLine($"  {"tagger, no catalogue",-34} {exact,7:F3} {tokenP,7:F3} {tokenR,7:F3} {tokenF1,7:F3}");
        text.AppendLine($"  {"tagger, catalogue (product + 10)",-34} {exactCat,7:F3} {tokenPCat,7:F3} {tokenRCat,7:F3} {tokenF1Cat,7:F3}");
        text.AppendLine($"  {"end to end (needs the intent right)",-34} {exactE2E,7:F3} {"",7} {"",7} {tokenF1E2E,7:F3}");
        text.AppendLine();

        var chosen = result.Calibrations[0].Method;
        text.AppendLine($"Calibration (out-of-fold; ECE with {CalibrationBins} equal-width bins; the model reports '{chosen}')");
        text.AppendLine($"  {"",-28} {"ECE",7} {"NLL",7} {"cov>=0.80",10} {"acc>=0.80",10}");
        var summary = new Dictionary<CalibrationMethod, (double Ece, double Coverage, double Accuracy)>();
        foreach (var method in Enum.GetValues<CalibrationMethod>())
        {
            var predictions = heldOut.Select(h => (h.ByMethod[method], h.Prediction.Intent == h.Example.Intent)).ToArray();
            var ece = Ece(predictions);
            var (coverage, accuracyAbove) = AtThreshold(predictions);
            summary[method] = (ece, coverage, accuracyAbove);
            var nll = method == CalibrationMethod.Platt ? "-" : Nll(heldOut, method).ToString("F3");
            var name = method switch
            {
                CalibrationMethod.None => "before (raw max-entropy)",
                CalibrationMethod.Temperature => "temperature scaling",
                _ => "top-label Platt scaling",
            };
            text.AppendLine($"  {name + (method == chosen ? " *" : ""),-28} {ece,7:F3} {nll,7} {coverage,10:F3} {accuracyAbove,10:F3}");
        }

        text.AppendLine($"  fitted by fold: {string.Join("; ", result.Calibrations.Select(c => $"T {c.Temperature:F2}, a {c.PlattSlope:F2}, b {c.PlattIntercept:F2}"))}");
        text.AppendLine();
        text.AppendLine("  reliability of the reported confidence (bin: count, mean confidence, accuracy)");
        foreach (var line in ReliabilityLines(heldOut.Select(h => (h.Prediction.Confidence, h.Prediction.Intent == h.Example.Intent)).ToArray()))
        {
            text.AppendLine("    " + line);
        }

        text.AppendLine();
        var eceCalibrated = summary[chosen].Ece;
        var confidentAccuracy = summary[chosen].Accuracy;

        var gibberishConfident = Ratio(result.Gibberish.Count(g => g.Prediction.Confidence >= BenchOptions.Threshold), result.Gibberish.Count);
        var gibberishMax = result.Gibberish.Max(g => g.Prediction.Confidence);
        text.AppendLine($"Gibberish probes ({result.Gibberish.Count} random-letter strings, full model)");
        text.AppendLine($"  share with confidence >= 0.80   {gibberishConfident,7:F3}");
        text.AppendLine($"  highest confidence              {gibberishMax,7:F3}  ({result.Gibberish.MaxBy(g => g.Prediction.Confidence).Text})");
        text.AppendLine($"  mean confidence                 {result.Gibberish.Average(g => g.Prediction.Confidence),7:F3}");
        foreach (var method in Enum.GetValues<CalibrationMethod>())
        {
            text.AppendLine($"  under {method,-12} share >= 0.80 {Ratio(result.Gibberish.Count(g => g.ByMethod[method] >= BenchOptions.Threshold), result.Gibberish.Count),6:F3}, highest {result.Gibberish.Max(g => g.ByMethod[method]),6:F3}, mean {result.Gibberish.Average(g => g.ByMethod[method]),6:F3}");
        }
        text.AppendLine();

        text.AppendLine("Cost");
        text.AppendLine($"  model version                          {result.ModelVersion}");
        text.AppendLine($"  training, full set (calibration incl.) {result.FullTrainingTime.TotalSeconds,8:F2} s");
        text.AppendLine($"  training, per fold (mean)              {result.FoldTrainingTimes.Average(t => t.TotalSeconds),8:F2} s");
        text.AppendLine($"  prediction, one thread: mean           {result.Latency.MeanMicroseconds,8:F1} µs  (p50 {result.Latency.P50Microseconds:F1}, p99 {result.Latency.P99Microseconds:F1}; {result.Latency.Calls} calls, JSON included)");
        text.AppendLine($"  prediction, all cores busy: per call   {result.Latency.ConcurrentMeanMicroseconds,8:F1} µs  (CPU time per call with {Environment.ProcessorCount} cores)");
        text.AppendLine();

        var gates = new (string Name, bool Passed, string Detail)[]
        {
            ("accuracy", accuracy >= options.MinAccuracy, $"{accuracy:F3} >= {options.MinAccuracy:F3}"),
            ("accuracy at confidence >= 0.80", confidentAccuracy >= options.MinConfidentAccuracy, $"{confidentAccuracy:F3} >= {options.MinConfidentAccuracy:F3}"),
            ("calibrated ECE", eceCalibrated <= options.MaxCalibratedEce, $"{eceCalibrated:F3} <= {options.MaxCalibratedEce:F3}"),
            ("product span exact match", exact >= options.MinSpanExactMatch, $"{exact:F3} >= {options.MinSpanExactMatch:F3}"),
            ("gibberish at confidence >= 0.80", gibberishConfident <= options.MaxGibberishConfident, $"{gibberishConfident:F3} <= {options.MaxGibberishConfident:F3}"),
        };
        if (options.ShowErrors)
        {
            text.AppendLine("Out-of-fold mistakes");
            foreach (var h in heldOut.Where(h => h.Prediction.Intent != h.Example.Intent).OrderBy(h => h.Example.Label, StringComparer.Ordinal))
            {
                text.AppendLine($"  intent  {h.Example.Label,-30} -> {h.Prediction.Intent.ToWire(),-14} {h.Prediction.Confidence:F2}  {h.Example.Text}");
            }

            foreach (var h in info.Where(h => h.InfoTypeGivenIntent != h.Example.InfoType))
            {
                text.AppendLine($"  key     {h.Example.InfoType,-30} -> {h.InfoTypeGivenIntent,-14}       {h.Example.Text}");
            }

            foreach (var h in products.Where(h => !string.Equals(h.Product, h.Example.Product, StringComparison.Ordinal)))
            {
                text.AppendLine($"  product {h.Example.Product ?? "(none)",-30} -> {h.Product ?? "(none)",-14}       {h.Example.Text}");
            }

            text.AppendLine();
        }

        text.AppendLine("Gates");
        foreach (var (name, passed, detail) in gates)
        {
            text.AppendLine($"  {(passed ? "PASS" : "FAIL")}  {name,-32} {detail}");
        }

        var all = gates.All(g => g.Passed);
        text.AppendLine(all ? "All gates passed." : "Some gates failed.");
        return (text.ToString(), all);
    }

    private static (double Exact, double Precision, double Recall, double F1) SpanScores(IReadOnlyList<HeldOut> items, Func<HeldOut, string?> predicted)
    {
        int exact = 0, truePositives = 0, predictedTokens = 0, goldTokens = 0;
        foreach (var item in items)
        {
            var guess = predicted(item);
            var gold = item.Example.Product;
            if (string.Equals(guess, gold, StringComparison.Ordinal))
            {
                exact++;
            }

            var guessWords = guess is null ? [] : TurkishText.Tokenize(guess);
            var goldWords = gold is null ? [] : TurkishText.Tokenize(gold).ToList();
            predictedTokens += guessWords.Length;
            goldTokens += goldWords.Count;
            foreach (var word in guessWords)
            {
                if (goldWords.Remove(word))
                {
                    truePositives++;
                }
            }
        }

        var precision = Ratio(truePositives, predictedTokens);
        var recall = Ratio(truePositives, goldTokens);
        var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return (Ratio(exact, items.Count), precision, recall, f1);
    }

    /// <summary>Expected calibration error of the reported confidences: the count-weighted gap between mean confidence and accuracy per bin.</summary>
    private static double Ece((double Confidence, bool Correct)[] predictions) =>
        Bins(predictions).Sum(b => (double)b.Count / predictions.Length * Math.Abs(b.Accuracy - b.Confidence));

    private static IEnumerable<string> ReliabilityLines((double Confidence, bool Correct)[] predictions) =>
        Bins(predictions).Select(b => $"[{b.Low:F1}, {b.Low + 0.1:F1}): {b.Count,4}  {b.Confidence,6:F3}  {b.Accuracy,6:F3}");

    private static List<(double Low, int Count, double Confidence, double Accuracy)> Bins((double Confidence, bool Correct)[] predictions)
    {
        var bins = new List<(double, int, double, double)>();
        for (var bin = 0; bin < CalibrationBins; bin++)
        {
            var low = (double)bin / CalibrationBins;
            var high = (double)(bin + 1) / CalibrationBins;
            var members = predictions
                .Where(p => (p.Confidence > low || bin == 0) && (p.Confidence <= high || bin == CalibrationBins - 1))
                .ToList();
            if (members.Count > 0)
            {
                bins.Add((low, members.Count, members.Average(m => m.Confidence), members.Average(m => m.Correct ? 1.0 : 0.0)));
            }
        }

        return bins;
    }

    /// <summary>Mean negative log-likelihood of the true intent under the whole (rescaled) distribution.</summary>
    private static double Nll(IReadOnlyList<HeldOut> items, CalibrationMethod method) => items.Average(h =>
    {
        var probabilities = method == CalibrationMethod.Temperature
            ? TemperatureScaling.Apply(h.Probabilities, h.Calibration.Temperature)
            : h.Probabilities.Select(p => (double)p).ToArray();
        return -Math.Log(Math.Max(1e-12, probabilities[(int)h.Example.Intent]));
    });

    private static (double Coverage, double Accuracy) AtThreshold((double Confidence, bool Correct)[] predictions)
    {
        var confident = predictions.Where(p => p.Confidence >= BenchOptions.Threshold).ToList();
        return (Ratio(confident.Count, predictions.Length), Ratio(confident.Count(p => p.Correct), confident.Count));
    }

    private static double Ratio(int part, int whole) => whole == 0 ? 0 : (double)part / whole;

    private static string Short(Intent intent) => intent switch
    {
        Intent.Greeting => "greet",
        Intent.ProductPrice => "price",
        Intent.ProductStock => "stock",
        Intent.BusinessInfo => "info",
        Intent.HumanHandoff => "human",
        Intent.Complaint => "compl",
        _ => "other",
    };
}
