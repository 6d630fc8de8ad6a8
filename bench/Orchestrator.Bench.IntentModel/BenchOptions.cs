using System.Globalization;
using Orchestrator.Grains.Understanding.LocalModel;

namespace Orchestrator.Bench.IntentModel;

/// <summary>Command-line options, with the quality gates that decide the exit code.</summary>
internal sealed record BenchOptions(
    int Folds,
    int Seed,
    double MinAccuracy,
    double MinConfidentAccuracy,
    double MaxCalibratedEce,
    double MinSpanExactMatch,
    double MaxGibberishConfident)
{
    /// <summary>The model's training options; the defaults are the shipped ones.</summary>
    public LocalModelOptions Model { get; init; } = LocalModelOptions.Default;

    /// <summary>Print every out-of-fold mistake (intent, key and product).</summary>
    public bool ShowErrors { get; init; }

    public const double Threshold = 0.80;

    public const string Usage = """
        Usage: dotnet run -c Release --project bench/Orchestrator.Bench.IntentModel -- [options]
          --folds, -k N                 folds of the stratified cross-validation (default 5)
          --seed N                      seed of the folds and of training (default 17)
          --min-accuracy X              gate: overall intent accuracy (default 0.85)
          --min-confident-accuracy X    gate: accuracy of predictions with confidence >= 0.80 (default 0.95)
          --max-ece X                   gate: calibrated expected calibration error (default 0.05)
          --min-span-exact X            gate: product span exact match without a catalogue (default 0.80)
          --max-gibberish-confident X   gate: share of random-letter probes at confidence >= 0.80 (default 0.02)
          --calibration none|temperature|platt   override the model's calibration method
          --l2 X                        override the classifiers' L2 penalty
          --noise X                     override the background-class share (0 turns it off)
          --char-ngrams N               override the longest character n-gram
          --errors                      list every out-of-fold mistake
          --help                        this text
        """;

    public static bool TryParse(string[] args, out BenchOptions? options, out string? error)
    {
        var current = new BenchOptions(5, 17, 0.85, 0.95, 0.05, 0.80, 0.02);
        options = null;
        error = null;
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (name is "--help" or "-h")
            {
                return true;
            }

            if (name is "--errors")
            {
                current = current with { ShowErrors = true };
                continue;
            }

            if (i + 1 >= args.Length)
            {
                error = $"Missing value for {name}.";
                return false;
            }

            var value = args[++i];
            BenchOptions? next = name switch
            {
                "--folds" or "-k" => Int(value, 2, 50) is { } k ? current with { Folds = k } : null,
                "--seed" => Int(value, int.MinValue, int.MaxValue) is { } seed ? current with { Seed = seed } : null,
                "--min-accuracy" => Ratio(value) is { } v ? current with { MinAccuracy = v } : null,
                "--min-confident-accuracy" => Ratio(value) is { } v ? current with { MinConfidentAccuracy = v } : null,
                "--max-ece" => Ratio(value) is { } v ? current with { MaxCalibratedEce = v } : null,
                "--min-span-exact" => Ratio(value) is { } v ? current with { MinSpanExactMatch = v } : null,
                "--max-gibberish-confident" => Ratio(value) is { } v ? current with { MaxGibberishConfident = v } : null,
                "--calibration" => Enum.TryParse<CalibrationMethod>(value, ignoreCase: true, out var method)
                    ? current with { Model = current.Model with { Calibration = method } }
                    : null,
                "--l2" => Ratio(value) is { } v ? current with { Model = current.Model with { L2Regularization = (float)v } } : null,
                "--noise" => Ratio(value) is { } v ? current with { Model = current.Model with { NoiseShare = v } } : null,
                "--char-ngrams" => Int(value, 1, 8) is { } n ? current with { Model = current.Model with { CharNgramLength = n } } : null,
                _ => null,
            };
            if (next is null)
            {
                error = $"Unknown option or invalid value: {name} {value}";
                return false;
            }

            current = next;
        }

        options = current;
        return true;
    }

    private static int? Int(string text, int min, int max) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : null;

    private static double? Ratio(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value is >= 0 and <= 1
            ? value
            : null;
}
