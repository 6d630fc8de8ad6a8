using Orchestrator.Grains.Understanding;
using Orchestrator.Grains.Understanding.LocalModel;

namespace Orchestrator.Grains.Tests.Understanding.LocalModel;

public sealed class CalibrationTests
{
    [Fact]
    public void FitsATemperatureAboveOneForAnOverconfidentClassifier()
    {
        // Always 95% sure, right 70% of the time.
        var (probabilities, labels) = Synthetic(confidence: 0.95f, accuracy: 0.7);

        Assert.True(TemperatureScaling.Fit(probabilities, labels) > 1.2);
    }

    [Fact]
    public void FitsATemperatureBelowOneForAnUnderconfidentClassifier()
    {
        // Always 55% sure, right 95% of the time.
        var (probabilities, labels) = Synthetic(confidence: 0.55f, accuracy: 0.95);

        Assert.True(TemperatureScaling.Fit(probabilities, labels) < 0.9);
    }

    [Fact]
    public void RescalesWithoutChangingTheOrderOfClasses()
    {
        float[] probabilities = [0.1f, 0.6f, 0.3f];

        var cooled = TemperatureScaling.Apply(probabilities, 0.5);
        var heated = TemperatureScaling.Apply(probabilities, 2.0);

        Assert.Equal(1.0, cooled.Sum(), 6);
        Assert.Equal(1.0, heated.Sum(), 6);
        Assert.True(cooled[1] > 0.6 && heated[1] < 0.6);
        Assert.True(cooled[1] > cooled[2] && cooled[2] > cooled[0]);
    }

    [Fact]
    public void PlattScalingBringsAnOverconfidentClassifierDownToItsAccuracy()
    {
        var (probabilities, labels) = Synthetic(confidence: 0.95f, accuracy: 0.7);

        var calibration = IntentCalibration.Fit(probabilities, labels, CalibrationMethod.Platt);

        Assert.InRange(calibration.Confidence(probabilities[0], Intent.Greeting), 0.65, 0.75);
    }

    [Fact]
    public void ReadsAWinningBackgroundClassAsOther()
    {
        var probabilities = new float[IntentCalibration.BackgroundIndex + 1];
        probabilities[(int)Intent.ProductPrice] = 0.3f;
        probabilities[(int)Intent.Other] = 0.1f;
        probabilities[IntentCalibration.BackgroundIndex] = 0.6f;

        Assert.Equal(Intent.Other, IntentCalibration.Decide(probabilities));
        Assert.Equal(0.1, IntentCalibration.Identity.Confidence(probabilities, Intent.Other), 6);
    }

    private static (List<float[]> Probabilities, List<int> Labels) Synthetic(float confidence, double accuracy)
    {
        var size = IntentCalibration.BackgroundIndex + 1;
        var probabilities = new List<float[]>();
        var labels = new List<int>();
        for (var i = 0; i < 1_000; i++)
        {
            var p = Enumerable.Repeat((1 - confidence) / (size - 1), size).ToArray();
            p[0] = confidence;
            probabilities.Add(p);
            labels.Add(i < accuracy * 1_000 ? 0 : 1 + (i % (size - 1)));
        }

        return (probabilities, labels);
    }
}
