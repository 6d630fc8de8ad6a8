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
    private const double PlattRidge = 1.0;

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
    /// ((n₊+1)/(n₊+2) and 1/(n₋+2)) so that a few perfect bins cannot push the fit to certainty, and a weak ridge
    /// towards the identity (a = 1, b = 0): when the logits barely vary, a and b cannot be told apart, and the
    /// ridge picks the solution closest to leaving the probabilities alone.
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
        double Loss(double slope, double intercept)
        {
            var loss = (PlattRidge / 2) * (((slope - 1) * (slope - 1)) + (intercept * intercept));
            for (var i = 0; i < x.Length; i++)
            {
                var z = (slope * x[i]) + intercept;
                var t = y[i] ? high : low;

                // -[t·log σ(z) + (1-t)·log(1-σ(z))], written to stay finite for large |z|.
                loss += Math.Max(z, 0) - (z * t) + Math.Log(1 + Math.Exp(-Math.Abs(z)));
            }

            return loss;
        }

        double a = 1, b = 0;
        var current = Loss(a, b);
        for (var iteration = 0; iteration < 100; iteration++)
        {
            double ga = PlattRidge * (a - 1), gb = PlattRidge * b, haa = PlattRidge, hab = 0, hbb = PlattRidge;
            for (var i = 0; i < x.Length; i++)
            {
                var p = Sigmoid((a * x[i]) + b);
                var t = y[i] ? high : low;
                var w = p * (1 - p);
                ga += (p - t) * x[i];
                gb += p - t;
                haa += w * x[i] * x[i];
                hab += w * x[i];
                hbb += w;
            }

            var determinant = (haa * hbb) - (hab * hab);
            var da = ((hbb * ga) - (hab * gb)) / determinant;
            var db = ((haa * gb) - (hab * ga)) / determinant;

            // Newton's step can overshoot on a flat region; halve it until the loss goes down.
            var step = 1.0;
            var next = Loss(a - da, b - db);
            while (next > current && step > 1e-6)
            {
                step /= 2;
                next = Loss(a - (step * da), b - (step * db));
            }

            if (next > current)
            {
                break;
            }

            a -= step * da;
            b -= step * db;
            var improvement = current - next;
            current = next;
            if (improvement < 1e-10)
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
