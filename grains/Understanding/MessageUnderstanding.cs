namespace Orchestrator.Grains.Understanding;

/// <summary>
/// A valid understanding of a message: the LLM contract's object after strict validation.
/// </summary>
/// <param name="Confidence">In [0, 1].</param>
/// <param name="Product">The product as the user wrote it, or null.</param>
/// <param name="InfoType">For <see cref="Intent.BusinessInfo"/>, the meta key asked about; otherwise null.</param>
/// <param name="Reply">An optional free-text answer suggested by the model; never used for prices or stock.</param>
public sealed record MessageUnderstanding(Intent Intent, double Confidence, string? Product, string? InfoType, string? Reply);
