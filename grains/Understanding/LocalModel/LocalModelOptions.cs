namespace Orchestrator.Grains.Understanding.LocalModel;

/// <summary>How the local model is trained. The defaults are the shipped configuration.</summary>
public sealed record LocalModelOptions
{
    /// <summary>Seeds ML.NET, the calibration folds and the simulated catalogues: same seed, same model.</summary>
    public int Seed { get; init; } = 17;

    /// <summary>Folds of the internal cross-validation whose out-of-fold predictions fit the calibration; 0 or 1 turns calibration off.</summary>
    public int CalibrationFolds { get; init; } = 5;

    /// <summary>How the reported confidence is calibrated on the out-of-fold predictions.</summary>
    public CalibrationMethod Calibration { get; init; } = CalibrationMethod.Temperature;

    /// <summary>Synthetic meaningless messages for the background class, as a share of the real examples (0 turns it off).</summary>
    public double NoiseShare { get; init; } = 0.2;

    /// <summary>L2 penalty of the intent and meta-key classifiers.</summary>
    public float L2Regularization { get; init; } = 0.1f;

    /// <summary>Character n-grams of length 1 to this are features of the text classifiers.</summary>
    public int CharNgramLength { get; init; } = 4;

    /// <summary>A word joins the product phrase when the product tagger's probability for it is at least this.</summary>
    public double ProductThreshold { get; init; } = 0.5;

    public static LocalModelOptions Default { get; } = new();
}
