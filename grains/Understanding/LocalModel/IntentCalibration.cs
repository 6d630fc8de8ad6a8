namespace Orchestrator.Grains.Understanding.LocalModel;

/// <summary>How the intent classifier's probability becomes the reported confidence.</summary>
public enum CalibrationMethod
{
    /// <summary>The classifier's probability as is.</summary>
    None,

    /// <summary>One temperature over all classes (<see cref="TemperatureScaling"/>).</summary>
    Temperature,

    /// <summary>
    /// Top-label Platt scaling: <c>σ(a · logit(p) + b)</c> of the chosen intent's probability, fitted on whether
    /// out-of-fold decisions were right. Two parameters instead of one, so it can also correct a model that is
    /// under-confident at the low end and over-confident at the high end.
    /// </summary>
    Platt,
}

/// <summary>
/// The decision rule and the calibration of the local model's intent classifier. Probability vectors here are
/// indexed by <see cref="Intent"/>, with the background class (meaningless text) last.
/// </summary>
/// <param name="Method">The calibration the model reports with.</param>
/// <param name="Temperature">The fitted temperature (1 when not fitted).</param>
/// <param name="PlattSlope">The fitted Platt slope a (1 when not fitted).</param>
/// <param name="PlattIntercept">The fitted Platt intercept b (0 when not fitted).</param>
public sealed record IntentCalibration(CalibrationMethod Method, double Temperature, double PlattSlope, double PlattIntercept)
{
    private const double Epsilon = 1e-6;

    public static IntentCalibration Identity { get; } = new(CalibrationMethod.None, 1, 1, 0);

    /// <summary>The index of the background class in the probability vectors.</summary>
    public static int BackgroundIndex => IntentNames.All.Count;

    /// <summary>
    /// The intent a probability vector decides: the most probable class, except that a winning background class
    /// reads as <see cref="Intent.Other"/> (the contract has no "meaningless"), reported with other's own small
    /// probability so that the message is escalated.
    /// </summary>
    public static Intent Decide(ReadOnlySpan<float> probabilities)
    {
        var best = 0;
        for (var i = 1; i < probabilities.Length; i++)
        {
            if (probabilities[i] > probabilities[best])
            {
                best = i;
            }
        }

        return best >= BackgroundIndex ? Intent.Other : (Intent)best;
    }

    /// <summary>The reported confidence of <paramref name="intent"/> under this calibration.</summary>
    public double Confidence(ReadOnlySpan<float> probabilities, Intent intent) => Confidence(probabilities, intent, Method);

    /// <summary>The confidence of <paramref name="intent"/> under <paramref name="method"/> with this calibration's parameters.</summary>
    public double Confidence(ReadOnlySpan<float> probabilities, Intent intent, CalibrationMethod method)
    {
        var index = (int)intent;
        var p = (double)probabilities[index];
        return method switch
        {
            CalibrationMethod.Temperature => TemperatureScaling.Apply(probabilities, Temperature)[index],
            CalibrationMethod.Platt => Sigmoid((PlattSlope * Logit(p)) + PlattIntercept),
            _ => p,
        };
    }

    /// <summary>Fits both calibrations on out-of-fold probability vectors and their true intents.</summary>
    public static IntentCalibration Fit(IReadOnlyList<float[]> probabilities, IReadOnlyList<int> labels, CalibrationMethod method)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(labels);
        var temperature = TemperatureScaling.Fit(probabilities, labels);
        var logits = new double[probabilities.Count];
        var correct = new bool[probabilities.Count];
        for (var i = 0; i < probabilities.Count; i++)
        {
            var intent = Decide(probabilities[i]);
            logits[i] = Logit(probabilities[i][(int)intent]);
            correct[i] = (int)intent == labels[i];
        }

        var (slope, intercept) = FitPlatt(logits, correct);
        return new IntentCalibration(method, temperature, slope, intercept);
    }

    /// <summary>
    /// One-feature logistic regression by Newton's method, with Platt's smoothed targets
    /// ((n₊+1)/(n₊+2) and 1/(n₋+2)) so that a few perfect bins cannot push the fit to certainty.
    /// </summary>
    private static (double Slope, double Intercept) FitPlatt(double[] x, bool[] y)
    {
        if (x.Length == 0)
        {
            return (1, 0);
        }

        var positives = y.Count(v => v);
        var negatives = y.Length - positives;
        var high = (positives + 1.0) / (positives + 2.0);
        var low = 1.0 / (negatives + 2.0);
        double a = 1, b = 0;
        for (var iteration = 0; iteration < 100; iteration++)
        {
            double ga = 0, gb = 0, haa = 0, hab = 0, hbb = 0;
            for (var i = 0; i < x.Length; i++)
            {
                var p = Sigmoid((a * x[i]) + b);
                var t = y[i] ? high : low;
                var w = Math.Max(p * (1 - p), 1e-12);
                ga += (p - t) * x[i];
                gb += p - t;
                haa += w * x[i] * x[i];
                hab += w * x[i];
                hbb += w;
            }

            // A whisper of ridge keeps the 2×2 system solvable when every logit is the same.
            haa += 1e-9;
            hbb += 1e-9;
            var determinant = (haa * hbb) - (hab * hab);
            if (Math.Abs(determinant) < 1e-15)
            {
                break;
            }

            var da = ((hbb * ga) - (hab * gb)) / determinant;
            var db = ((haa * gb) - (hab * ga)) / determinant;
            a -= da;
            b -= db;
            if (Math.Abs(da) + Math.Abs(db) < 1e-10)
            {
                break;
            }
        }

        return (a, b);
    }

    private static double Logit(double p)
    {
        var clamped = Math.Clamp(p, Epsilon, 1 - Epsilon);
        return Math.Log(clamped / (1 - clamped));
    }

    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));
}
