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

    /// <summary>A high-priority ticket not claimed within this time is raised (it stays high) and notified again. Default 15 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan SlaHigh { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Claim deadline of a medium-priority ticket. Default 1 hour.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan SlaMedium { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Claim deadline of a low-priority ticket. Default 4 hours.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan SlaLow { get; set; } = TimeSpan.FromHours(4);

    /// <summary>How often each silo looks for tickets past their deadline. Default 30 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan SlaCheckInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Tell the user, through their channel, when an agent resolves the conversation. Default on.</summary>
    public bool NotifyUserOnResolve { get; set; } = true;

    public TimeSpan Sla(GrainInterfaces.TicketPriority priority) => priority switch
    {
        GrainInterfaces.TicketPriority.High => SlaHigh,
        GrainInterfaces.TicketPriority.Medium => SlaMedium,
        _ => SlaLow,
    };
}
