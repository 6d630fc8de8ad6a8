using System.ComponentModel.DataAnnotations;

namespace Orchestrator.Grains.Escalations;

/// <summary>Escalation settings (section <c>Escalation</c>; <c>CONFIDENCE_THRESHOLD</c> maps here).</summary>
public sealed class EscalationOptions
{
    public const string Section = "Escalation";

    /// <summary>Understandings below this confidence go to a person. Default 0.80.</summary>
    [Range(0.0, 1.0)]
    public double ConfidenceThreshold { get; set; } = 0.80;

    /// <summary>Tenant ids whose escalations get one priority level more.</summary>
    public string[] VipBusinesses { get; set; } = [];
}
