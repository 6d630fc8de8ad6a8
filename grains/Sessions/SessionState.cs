using Orchestrator.GrainInterfaces;

namespace Orchestrator.Grains.Sessions;

/// <summary>
/// The persisted part of a session: only what cannot be derived from the interaction records, so it is written on
/// handoff changes, not on every message.
/// </summary>
[GenerateSerializer, Alias("orch.session-state")]
public sealed class SessionState
{
    [Id(0)] public HandoffState Handoff { get; set; }

    /// <summary>The ticket of the current (or last) handoff.</summary>
    [Id(1)] public string? TicketId { get; set; }

    /// <summary>How many times this conversation has been escalated.</summary>
    [Id(2)] public int Escalations { get; set; }

    /// <summary>True once the user has been told, during this handoff, that a person will answer.</summary>
    [Id(3)] public bool PendingNoticeSent { get; set; }
}
