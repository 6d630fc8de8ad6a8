using Orchestrator.GrainInterfaces;

namespace Orchestrator.Grains.Escalations;

/// <summary>The reason codes as the API, logs and metrics spell them (<c>low_confidence</c>, ...).</summary>
public static class EscalationReasons
{
    public static string ToWire(EscalationReason reason) => reason switch
    {
        EscalationReason.LowConfidence => "low_confidence",
        EscalationReason.InvalidLlmOutput => "invalid_llm_output",
        EscalationReason.HumanRequested => "human_requested",
        EscalationReason.Complaint => "complaint",
        EscalationReason.LlmUnavailable => "llm_unavailable",
        EscalationReason.UnknownInfoType => "unknown_info_type",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };
}
