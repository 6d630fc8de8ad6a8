using System.Globalization;
using Orchestrator.GrainInterfaces;
using Orchestrator.Grains.Understanding;

namespace Orchestrator.Grains.Escalations;

/// <summary>
/// Decides when a conversation goes to a person and with which priority. The rules are listed in
/// <c>docs/escalation.md</c>; thresholds come from <see cref="EscalationOptions"/>.
/// </summary>
public sealed class EscalationPolicy(EscalationOptions options)
{
    public EscalationOptions Options { get; } = options;

    /// <summary>
    /// The decision after understanding, before routing, checked in this order: the model unavailable, its output
    /// invalid, a complaint, a request for a person, a confidence below the threshold. A complaint or a request for a
    /// person is honoured even at low confidence: both end with a person, and their reason sets the priority. Null
    /// when the message can be answered.
    /// </summary>
    public EscalationRequest? Decide(UnderstandingOutcome outcome, string messageText, EscalationContext context)
    {
        switch (outcome.Status)
        {
            case UnderstandingStatus.Unavailable:
                return Escalation(EscalationReason.LlmUnavailable, $"the model could not be reached: {outcome.Error}", messageText, context);
            case UnderstandingStatus.Invalid:
                return Escalation(EscalationReason.InvalidLlmOutput, $"the model's output broke the contract: {outcome.Error}", messageText, context);
        }

        var understanding = outcome.Understanding!;
        var confidence = understanding.Confidence.ToString("0.00", CultureInfo.InvariantCulture);
        return understanding.Intent switch
        {
            Intent.Complaint => Escalation(EscalationReason.Complaint, $"the user complains (confidence {confidence})", messageText, context),
            Intent.HumanHandoff => Escalation(EscalationReason.HumanRequested, $"the user asked for a person (confidence {confidence})", messageText, context),
            _ when understanding.Confidence < Options.ConfidenceThreshold => Escalation(
                EscalationReason.LowConfidence,
                $"confidence {confidence} below threshold {Options.ConfidenceThreshold.ToString("0.00", CultureInfo.InvariantCulture)} (intent {understanding.Intent.ToWire()})",
                messageText,
                context),
            _ => null,
        };
    }

    /// <summary>The decision when the router could not answer because the asked meta key does not exist.</summary>
    public EscalationRequest ForMissingInfo(string infoType, string messageText, EscalationContext context) =>
        Escalation(EscalationReason.UnknownInfoType, $"the business has no '{infoType}' information", messageText, context);

    /// <summary>
    /// The priority of an escalation: the reason's base priority; High when the message carries strong negative or
    /// threatening words; one level more when the same conversation escalated before, and one more for a VIP
    /// business; never above High.
    /// </summary>
    public TicketPriority Prioritize(EscalationReason reason, string messageText, EscalationContext context)
    {
        var priority = BasePriority(reason);
        if (StrongLanguage.IsPresentIn(messageText))
        {
            priority = TicketPriority.High;
        }

        if (context.SessionEscalations > 0)
        {
            priority = Raise(priority);
        }

        if (context.VipBusiness)
        {
            priority = Raise(priority);
        }

        return priority;
    }

    /// <summary>The priority a reason starts from.</summary>
    public static TicketPriority BasePriority(EscalationReason reason) => reason switch
    {
        EscalationReason.Complaint => TicketPriority.High,
        EscalationReason.HumanRequested => TicketPriority.Medium,
        EscalationReason.LlmUnavailable => TicketPriority.Medium,
        _ => TicketPriority.Low,
    };

    private EscalationRequest Escalation(EscalationReason reason, string detail, string messageText, EscalationContext context) =>
        new(reason, Prioritize(reason, messageText, context), detail);

    private static TicketPriority Raise(TicketPriority priority) =>
        priority == TicketPriority.High ? TicketPriority.High : priority + 1;
}

/// <summary>What the policy knows about the conversation beyond the message.</summary>
/// <param name="SessionEscalations">How many times this session has escalated before.</param>
/// <param name="VipBusiness">True when the tenant is marked VIP in the settings.</param>
public sealed record EscalationContext(int SessionEscalations, bool VipBusiness);
