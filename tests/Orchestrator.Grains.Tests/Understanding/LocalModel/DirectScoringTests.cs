using Orchestrator.Grains.Understanding.LocalModel;

namespace Orchestrator.Grains.Tests.Understanding.LocalModel;

/// <summary>
/// The local model scores messages with the weights taken out of the trained ML.NET models; these tests hold that
/// scoring to ML.NET's own prediction engines over the same pipelines, message by message.
/// </summary>
[Collection(LocalIntentModelCollection.Name)]
public sealed class DirectScoringTests(LocalIntentModelFixture fixture)
{
    private const float Tolerance = 1e-4f;

    public static TheoryData<string> OddMessages() =>
    [
        "",
        " ",
        "?!",
        "😀👍🙏",
        "gecelik fiyatı ne kadar?",
        "GECELİK FİYATI NE KADAR",
        "gecelik gecelik gecelik fiyatı fiyatı",
        "Samsung'un şarj aleti kaç TL? 2 tane lazım",
        "ñandú café crème brûlée",
        "привет как дела",
        "مرحبا كيف الحال",
        "xq wz 12345 qqqqq",
        "a b c d e f g h",
        "ödeme\tkapıda\nmümkün mü",
        string.Concat(Enumerable.Repeat("iade nasıl yapılır ", 80)),
    ];

    [Theory]
    [MemberData(nameof(OddMessages))]
    public void IntentProbabilitiesMatchMlNetsEngineForOddText(string message) =>
        AssertSameProbabilities(fixture.Model.IntentClassifier, message);

    [Fact]
    public void IntentAndInfoTypeProbabilitiesMatchMlNetsEngineOnTrainingAndNoiseMessages()
    {
        var examples = IntentTrainingSet.Embedded.Examples;
        var messages = examples.Select(e => e.Text)
            .Concat(NoiseMessages.Generate(examples, 300, seed: 5))
            .Concat(examples.Take(300).Select(e => e.Text + " " + e.Text[..(e.Text.Length / 2)]))
            .ToList();

        foreach (var message in messages)
        {
            AssertSameProbabilities(fixture.Model.IntentClassifier, message);
        }

        foreach (var message in messages.Take(500))
        {
            AssertSameProbabilities(fixture.Model.InfoTypeClassifier, message);
        }
    }

    [Theory]
    [MemberData(nameof(OddMessages))]
    public void ProductTaggerScoresMatchMlNetsEngineForOddText(string message)
    {
        AssertSameTokenScores(message, null);
        AssertSameTokenScores(message, new CatalogueWords(["gecelik", "şarj", "aleti", "café"]));
    }

    [Fact]
    public void ProductTaggerScoresAndPhrasesMatchMlNetsEngineOnTrainingMessagesWithAndWithoutACatalogue()
    {
        var catalogue = new CatalogueWords(["saten", "gecelik", "pijama", "takımı", "kot", "ceket", "şarj", "aleti"]);
        foreach (var example in IntentTrainingSet.Embedded.Examples)
        {
            AssertSameTokenScores(example.Text, null);
            AssertSameTokenScores(example.Text, catalogue);
        }
    }

    private void AssertSameTokenScores(string message, CatalogueWords? catalogue)
    {
        var tagger = fixture.Model.Tagger;
        var direct = tagger.TokenScoresOf(message, catalogue);
        var engine = tagger.TokenScoresWithMlNet(message, catalogue);
        Assert.Equal(engine.Length, direct.Length);
        for (var i = 0; i < direct.Length; i++)
        {
            // ML.NET hands the probability over as a float, so its log-odds carry float rounding (most near ±13.8).
            Assert.True(Math.Abs(direct[i] - engine[i]) <= 2e-3 * Math.Max(1, Math.Abs(engine[i])), $"'{message}': word {i} scored {direct[i]} directly, {engine[i]} by ML.NET.");
        }
    }

    private static void AssertSameProbabilities(TextClassifier classifier, string message)
    {
        var direct = classifier.Predict(message);
        var engine = classifier.PredictWithMlNet(message);
        Assert.Equal(engine.Length, direct.Length);
        for (var i = 0; i < direct.Length; i++)
        {
            Assert.True(
                Math.Abs(direct[i] - engine[i]) <= Tolerance,
                $"'{message}': class {classifier.Classes[i]} scored {direct[i]} directly, {engine[i]} by ML.NET.");
        }
    }
}
