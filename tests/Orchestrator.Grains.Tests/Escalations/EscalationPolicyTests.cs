using Orchestrator.GrainInterfaces;
using Orchestrator.Grains.Escalations;
using Orchestrator.Grains.Understanding;

namespace Orchestrator.Grains.Tests.Escalations;

public sealed class EscalationPolicyTests
{
    private static readonly EscalationContext FirstTime = new(0, false);
    private readonly EscalationPolicy _policy = new(new EscalationOptions { ConfidenceThreshold = 0.80 });

    [Fact]
    public void AnswersAConfidentUnderstandingWithoutEscalating() =>
        Assert.Null(_policy.Decide(Understood(Intent.ProductPrice, 0.80), "gecelik fiyatı", FirstTime));

    [Fact]
    public void EscalatesBelowTheConfidenceThresholdWithLowPriority()
    {
        var escalation = _policy.Decide(Understood(Intent.ProductPrice, 0.79), "gecelik fiyatı", FirstTime);

        Assert.Equal(EscalationReason.LowConfidence, escalation!.Reason);
        Assert.Equal(TicketPriority.Low, escalation.Priority);
        Assert.Contains("0.79", escalation.Detail, StringComparison.Ordinal);
        Assert.Contains("0.80", escalation.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void UsesTheConfiguredThreshold()
    {
        var strict = new EscalationPolicy(new EscalationOptions { ConfidenceThreshold = 0.95 });

        Assert.Equal(EscalationReason.LowConfidence, strict.Decide(Understood(Intent.Greeting, 0.9), "merhaba", FirstTime)!.Reason);
    }

    [Fact]
    public void ComplaintIsHighPriorityEvenAtLowConfidence()
    {
        var escalation = _policy.Decide(Understood(Intent.Complaint, 0.5), "ürün kırık geldi", FirstTime);

        Assert.Equal(EscalationReason.Complaint, escalation!.Reason);
        Assert.Equal(TicketPriority.High, escalation.Priority);
    }

    [Fact]
    public void ARequestForAPersonIsMediumPriority()
    {
        var escalation = _policy.Decide(Understood(Intent.HumanHandoff, 0.95), "temsilciyle görüşmek istiyorum", FirstTime);

        Assert.Equal(EscalationReason.HumanRequested, escalation!.Reason);
        Assert.Equal(TicketPriority.Medium, escalation.Priority);
    }

    [Fact]
    public void InvalidModelOutputIsLowPriorityAndCarriesTheValidationError()
    {
        var outcome = new UnderstandingOutcome(UnderstandingStatus.Invalid, null, "field 'intent' is missing", "{}", "m", TokenUsage.None, 2);

        var escalation = _policy.Decide(outcome, "merhaba", FirstTime);

        Assert.Equal(EscalationReason.InvalidLlmOutput, escalation!.Reason);
        Assert.Equal(TicketPriority.Low, escalation.Priority);
        Assert.Contains("field 'intent' is missing", escalation.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnreachableModelIsMediumPriority()
    {
        var escalation = _policy.Decide(UnderstandingOutcome.Unavailable("503 UNAVAILABLE", null), "merhaba", FirstTime);

        Assert.Equal(EscalationReason.LlmUnavailable, escalation!.Reason);
        Assert.Equal(TicketPriority.Medium, escalation.Priority);
        Assert.Contains("503 UNAVAILABLE", escalation.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingInformationIsLowPriorityAndNamesTheKey()
    {
        var escalation = _policy.ForMissingInfo("garanti", "garanti süresi ne kadar", FirstTime);

        Assert.Equal(EscalationReason.UnknownInfoType, escalation.Reason);
        Assert.Equal(TicketPriority.Low, escalation.Priority);
        Assert.Contains("garanti", escalation.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Bu ne REZALET, param nerede")]
    [InlineData("dolandırıcılar!")]
    [InlineData("DOLANDIRICI misiniz")]
    [InlineData("avukatıma vereceğim")]
    [InlineData("tüketici hakem heyetine şikayet edeceğim")]
    [InlineData("sizi sikayet edicem")]
    [InlineData("dava açacağım")]
    public void StrongLanguageMakesAnyEscalationHighPriority(string message)
    {
        var escalation = _policy.Decide(Understood(Intent.Other, 0.3), message, FirstTime);

        Assert.Equal(EscalationReason.LowConfidence, escalation!.Reason);
        Assert.Equal(TicketPriority.High, escalation.Priority);
    }

    [Theory]
    [InlineData("düğün davetiyesi fiyatı")]
    [InlineData("berber makası var mı")]
    [InlineData("avuç içi krem")]
    public void OrdinaryWordsThatResembleStrongOnesDoNotRaisePriority(string message) =>
        Assert.Equal(TicketPriority.Low, _policy.Prioritize(EscalationReason.LowConfidence, message, FirstTime));

    [Fact]
    public void RepeatEscalationRaisesPriorityOneLevel()
    {
        Assert.Equal(TicketPriority.Medium, _policy.Prioritize(EscalationReason.LowConfidence, "x", new EscalationContext(1, false)));
        Assert.Equal(TicketPriority.High, _policy.Prioritize(EscalationReason.HumanRequested, "x", new EscalationContext(3, false)));
    }

    [Fact]
    public void VipBusinessRaisesPriorityOneLevelAndStacksWithRepeats()
    {
        Assert.Equal(TicketPriority.Medium, _policy.Prioritize(EscalationReason.InvalidLlmOutput, "x", new EscalationContext(0, true)));
        Assert.Equal(TicketPriority.High, _policy.Prioritize(EscalationReason.InvalidLlmOutput, "x", new EscalationContext(1, true)));
    }

    [Fact]
    public void PriorityNeverExceedsHigh() =>
        Assert.Equal(TicketPriority.High, _policy.Prioritize(EscalationReason.Complaint, "rezalet", new EscalationContext(5, true)));

    private static UnderstandingOutcome Understood(Intent intent, double confidence) => new(
        UnderstandingStatus.Understood, new MessageUnderstanding(intent, confidence, null, null, null), null, "{}", "m", TokenUsage.None, 1);
}
