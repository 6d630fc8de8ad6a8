using Orchestrator.GrainInterfaces;

namespace Orchestrator.Grains.Escalations;

/// <summary>
/// The wire names of the ticket enums (snake case, as the original design writes them): the agent API, the stored
/// tickets, notification payloads and metrics spell them the same way.
/// </summary>
public static class TicketNames
{
    public static string Status(TicketStatus status) => status switch
    {
        TicketStatus.Open => "open",
        TicketStatus.Assigned => "assigned",
        TicketStatus.Resolved => "resolved",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static string Priority(TicketPriority priority) => priority switch
    {
        TicketPriority.Low => "low",
        TicketPriority.Medium => "medium",
        TicketPriority.High => "high",
        _ => throw new ArgumentOutOfRangeException(nameof(priority), priority, null),
    };

    public static string Reason(EscalationReason reason) => EscalationReasons.ToWire(reason);

    public static TicketStatus? ParseStatus(string value) => value switch
    {
        "open" => TicketStatus.Open,
        "assigned" => TicketStatus.Assigned,
        "resolved" => TicketStatus.Resolved,
        _ => null,
    };

    public static TicketPriority? ParsePriority(string value) => value switch
    {
        "low" => TicketPriority.Low,
        "medium" => TicketPriority.Medium,
        "high" => TicketPriority.High,
        _ => null,
    };
}
