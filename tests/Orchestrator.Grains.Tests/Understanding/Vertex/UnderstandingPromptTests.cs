using Orchestrator.Grains.Understanding;
using Orchestrator.Grains.Understanding.Vertex;

namespace Orchestrator.Grains.Tests.Understanding.Vertex;

/// <summary>The system instruction: built once per tenant context, never stale after an update, the repair hint only where asked.</summary>
public sealed class UnderstandingPromptTests
{
    private static readonly BusinessContext Shop = new("b1", "Test Butik", ["iade", "kargo"], ["Saten Gecelik"]);

    [Fact]
    public void ReusesTheInstructionOfTheSameTenantContext()
    {
        var first = UnderstandingPrompt.SystemInstruction(new ModelRequest("fiyat?", [], Shop), 50);
        var second = UnderstandingPrompt.SystemInstruction(new ModelRequest("stok?", [], Shop), 50);

        Assert.Same(first, second);
    }

    [Fact]
    public void AnUpdatedTenantContextGetsItsOwnInstruction()
    {
        var before = UnderstandingPrompt.SystemInstruction(new ModelRequest("fiyat?", [], Shop), 50);
        var updated = Shop with { MetaKeys = ["iade", "kargo", "telefon"], ProductNames = ["Saten Gecelik", "Pamuk Pijama"] };

        var after = UnderstandingPrompt.SystemInstruction(new ModelRequest("fiyat?", [], updated), 50);

        Assert.DoesNotContain("telefon", before, StringComparison.Ordinal);
        Assert.Contains("iade, kargo, telefon", after, StringComparison.Ordinal);
        Assert.Contains("Saten Gecelik; Pamuk Pijama", after, StringComparison.Ordinal);
    }

    [Fact]
    public void TheRepairHintIsOnlyInTheRepairAttempt()
    {
        var repair = UnderstandingPrompt.SystemInstruction(new ModelRequest("fiyat?", [], Shop, "confidence is missing"), 50);
        var next = UnderstandingPrompt.SystemInstruction(new ModelRequest("fiyat?", [], Shop), 50);

        Assert.Contains("rejected because confidence is missing", repair, StringComparison.Ordinal);
        Assert.DoesNotContain("rejected", next, StringComparison.Ordinal);
    }

    [Fact]
    public void ADifferentProductNameLimitIsNotServedFromTheCache()
    {
        var listed = UnderstandingPrompt.SystemInstruction(new ModelRequest("fiyat?", [], Shop), 50);
        var unlisted = UnderstandingPrompt.SystemInstruction(new ModelRequest("fiyat?", [], Shop), 0);

        Assert.Contains("The shop's products: Saten Gecelik.", listed, StringComparison.Ordinal);
        Assert.DoesNotContain("The shop's products", unlisted, StringComparison.Ordinal);
    }
}
