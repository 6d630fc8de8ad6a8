using Orchestrator.Grains.Understanding;
using Orchestrator.Grains.Understanding.LocalModel;

namespace Orchestrator.Grains.Tests.Understanding.LocalModel;

[Collection(LocalIntentModelCollection.Name)]
public sealed class LocalIntentModelTrainerTests(LocalIntentModelFixture fixture)
{
    [Fact]
    public void TrainsTheSameModelTwice()
    {
        var again = LocalIntentModelTrainer.Train(IntentTrainingSet.Embedded);
        var business = new BusinessContext("shop", "Shop", ["iade_politikasi", "kargo", "garanti"], ["Saten Gecelik", "Deri Mont"]);
        var messages = IntentTrainingSet.Embedded.Examples.Select(e => e.Text)
            .Concat(["asdfgh", "", "termosifonun fiyatı nedir", "teslimat süreniz ne kadar?"]);

        Assert.Equal(fixture.Model.Version, again.Version);
        Assert.Equal(fixture.Model.Calibration, again.Calibration);
        foreach (var message in messages)
        {
            Assert.Equal(fixture.Model.Predict(message, business).ToJson(), again.Predict(message, business).ToJson());
        }
    }

    [Fact]
    public void CalibratesWithATemperatureFittedOutOfFold()
    {
        var calibration = fixture.Model.Calibration;

        Assert.Equal(CalibrationMethod.Temperature, calibration.Method);
        Assert.InRange(calibration.Temperature, 0.05, 20);
        Assert.NotEqual(1.0, calibration.Temperature);
    }

    [Fact]
    public void LearnsTheCommonMetaKeys() =>
        Assert.Superset(
            new HashSet<string>(["iade", "kargo", "telefon", "adres", "calisma_saatleri", "odeme"]),
            fixture.Model.LearnedInfoTypes.ToHashSet());

    [Fact]
    public void OutOfFoldProbabilitiesCoverEveryExampleOnce()
    {
        var examples = IntentTrainingSet.Embedded.Examples.Where((_, i) => i % 4 == 0).ToList();
        var options = LocalModelOptions.Default with { CalibrationFolds = 3 };

        var (probabilities, labels) = LocalIntentModelTrainer.OutOfFoldIntentProbabilities(examples, options);

        Assert.Equal(examples.Count, probabilities.Length);
        Assert.Equal(examples.Select(e => (int)e.Intent), labels);
        Assert.All(probabilities, p =>
        {
            Assert.Equal(IntentCalibration.BackgroundIndex + 1, p.Length);
            Assert.InRange(p.Sum(), 0.99, 1.01);
        });
    }
}
