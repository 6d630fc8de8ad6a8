namespace Orchestrator.Grains.Understanding.LocalModel;

/// <summary>
/// Temperature scaling (Guo et al., 2017): one scalar T divides the classifier's log-probabilities before the
/// softmax. T &gt; 1 softens over-confident outputs, T &lt; 1 sharpens under-confident ones; the predicted class never
/// changes, only how sure the model says it is. T is fitted by minimising the negative log-likelihood of
/// out-of-fold predictions, which the model did not see in training.
/// </summary>
public static class TemperatureScaling
{
    private const double MinLogT = -3.0;
    private const double MaxLogT = 3.0;
    private const double LogFloor = -30.0;

    /// <summary>Finds the temperature that minimises the NLL of <paramref name="probabilities"/> for <paramref name="labels"/>.</summary>
    public static double Fit(IReadOnlyList<float[]> probabilities, IReadOnlyList<int> labels)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(labels);
        if (probabilities.Count == 0)
        {
            return 1.0;
        }

        // The NLL is convex in 1/T for a fixed set of logits, so a golden-section search over log T is enough.
        var ratio = (Math.Sqrt(5) - 1) / 2;
        double lo = MinLogT, hi = MaxLogT;
        var x1 = hi - (ratio * (hi - lo));
        var x2 = lo + (ratio * (hi - lo));
        var f1 = NegativeLogLikelihood(probabilities, labels, Math.Exp(x1));
        var f2 = NegativeLogLikelihood(probabilities, labels, Math.Exp(x2));
        for (var iteration = 0; iteration < 80; iteration++)
        {
            if (f1 <= f2)
            {
                hi = x2;
                x2 = x1;
                f2 = f1;
                x1 = hi - (ratio * (hi - lo));
                f1 = NegativeLogLikelihood(probabilities, labels, Math.Exp(x1));
            }
            else
            {
                lo = x1;
                x1 = x2;
                f1 = f2;
                x2 = lo + (ratio * (hi - lo));
                f2 = NegativeLogLikelihood(probabilities, labels, Math.Exp(x2));
            }
        }

        return Math.Exp((lo + hi) / 2);
    }

    /// <summary>Rescales a probability vector with temperature <paramref name="temperature"/>.</summary>
    public static double[] Apply(ReadOnlySpan<float> probabilities, double temperature)
    {
        var result = new double[probabilities.Length];
        var max = double.NegativeInfinity;
        for (var i = 0; i < probabilities.Length; i++)
        {
            result[i] = SafeLog(probabilities[i]) / temperature;
            max = Math.Max(max, result[i]);
        }

        var sum = 0.0;
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = Math.Exp(result[i] - max);
            sum += result[i];
        }

        for (var i = 0; i < result.Length; i++)
        {
            result[i] /= sum;
        }

        return result;
    }

    /// <summary>The mean negative log-likelihood of the labels under temperature <paramref name="temperature"/>.</summary>
    public static double NegativeLogLikelihood(IReadOnlyList<float[]> probabilities, IReadOnlyList<int> labels, double temperature)
    {
        var total = 0.0;
        for (var n = 0; n < probabilities.Count; n++)
        {
            var p = Apply(probabilities[n], temperature);
            total -= Math.Max(LogFloor, Math.Log(p[labels[n]]));
        }

        return total / probabilities.Count;
    }

    private static double SafeLog(float p) => p > 0 && !float.IsNaN(p) ? Math.Max(LogFloor, Math.Log(p)) : LogFloor;
}
