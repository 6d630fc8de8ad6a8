namespace Orchestrator.Grains.Understanding;

/// <summary>What the user wants, as the LLM contract names it.</summary>
public enum Intent
{
    Greeting,
    ProductPrice,
    ProductStock,
    BusinessInfo,
    HumanHandoff,
    Complaint,
    Other,
}

/// <summary>The contract's wire names of <see cref="Intent"/>.</summary>
public static class IntentNames
{
    public const string Greeting = "greeting";
    public const string ProductPrice = "product_price";
    public const string ProductStock = "product_stock";
    public const string BusinessInfo = "business_info";
    public const string HumanHandoff = "human_handoff";
    public const string Complaint = "complaint";
    public const string Other = "other";

    /// <summary>Every wire name, in the order of <see cref="Intent"/>.</summary>
    public static IReadOnlyList<string> All { get; } =
        [Greeting, ProductPrice, ProductStock, BusinessInfo, HumanHandoff, Complaint, Other];

    public static string ToWire(this Intent intent) => intent switch
    {
        Intent.Greeting => Greeting,
        Intent.ProductPrice => ProductPrice,
        Intent.ProductStock => ProductStock,
        Intent.BusinessInfo => BusinessInfo,
        Intent.HumanHandoff => HumanHandoff,
        Intent.Complaint => Complaint,
        Intent.Other => Other,
        _ => throw new ArgumentOutOfRangeException(nameof(intent), intent, null),
    };

    /// <summary>Parses a wire name exactly (case-sensitive, as the contract is strict).</summary>
    public static bool TryParse(string? name, out Intent intent)
    {
        switch (name)
        {
            case Greeting: intent = Intent.Greeting; return true;
            case ProductPrice: intent = Intent.ProductPrice; return true;
            case ProductStock: intent = Intent.ProductStock; return true;
            case BusinessInfo: intent = Intent.BusinessInfo; return true;
            case HumanHandoff: intent = Intent.HumanHandoff; return true;
            case Complaint: intent = Intent.Complaint; return true;
            case Other: intent = Intent.Other; return true;
            default: intent = default; return false;
        }
    }

    /// <summary>True for the intents answered from the catalogue.</summary>
    public static bool IsProductIntent(this Intent intent) => intent is Intent.ProductPrice or Intent.ProductStock;
}
