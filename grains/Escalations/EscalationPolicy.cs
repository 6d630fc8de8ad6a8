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
    /// The decision after understanding, before routing: the model unavailable, its output invalid, a complaint, a
    /// request for a person, or a confidence below the threshold. Null when the message can be answered.
    /// </summary>
    public EscalationRequest? Decide(UnderstandingOutcome outcome, string messageText, EscalationContext context) =>
        throw new NotImplementedException();

    /// <summary>The decision when the router could not answer because the asked meta key does not exist.</summary>
    public EscalationRequest ForMissingInfo(string infoType, string messageText, EscalationContext context) =>
        throw new NotImplementedException();

    /// <summary>The priority of an escalation, by the documented rules.</summary>
    public TicketPriority Prioritize(EscalationReason reason, string messageText, EscalationContext context) =>
        throw new NotImplementedException();
}

/// <summary>What the policy knows about the conversation beyond the message.</summary>
/// <param name="SessionEscalations">How many times this session has escalated before.</param>
/// <param name="VipBusiness">True when the tenant is marked VIP in the settings.</param>
public sealed record EscalationContext(int SessionEscalations, bool VipBusiness);
