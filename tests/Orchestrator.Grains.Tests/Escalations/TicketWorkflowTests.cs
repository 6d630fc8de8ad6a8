using Orchestrator.GrainInterfaces;
using Orchestrator.Grains.Escalations;
using Orchestrator.Grains.Sessions;

namespace Orchestrator.Grains.Tests.Escalations;

public sealed class TicketWorkflowTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);
    private readonly TicketWorkflow _workflow = new(new EscalationOptions());

    [Fact]
    public void OpeningKeepsTheHistoryAndSetsTheClaimDeadlineByPriority()
    {
        var ticket = Open(TicketPriority.High);

        Assert.Equal(TicketStatus.Open, ticket.Status);
        Assert.Equal(At + new EscalationOptions().SlaHigh, ticket.SlaDueAt);
        Assert.Equal(["user", "bot", "user"], ticket.Conversation.Select(m => m.Author));
        Assert.Equal(1, ticket.Version);
    }

    [Fact]
    public void ClaimingIsIdempotentForTheSameAgentAndAConflictForAnother()
    {
        var claimed = _workflow.Assign(Open(), "ayse", At).Ticket;

        var same = _workflow.Assign(claimed, "ayse", At);
        var other = _workflow.Assign(claimed, "mehmet", At);

        Assert.Equal(TicketStatus.Assigned, claimed.Status);
        Assert.False(same.Changed);
        Assert.Equal(TicketCommandStatus.Ok, same.Status);
        Assert.Equal(TicketCommandStatus.Conflict, other.Status);
        Assert.Contains("ayse", other.Error, StringComparison.Ordinal);
        Assert.Equal(claimed, other.Ticket);
    }

    [Fact]
    public void AReplyToAnOpenTicketClaimsIt()
    {
        var change = _workflow.Reply(Open(), "ayse", "Merhaba", At);

        Assert.Equal(TicketStatus.Assigned, change.Ticket.Status);
        Assert.Equal([TicketEventKind.Assigned, TicketEventKind.AgentReply], change.Events.Select(e => e.Kind));
        Assert.Equal("agent:ayse", change.Ticket.Conversation[^1].Author);
    }

    [Fact]
    public void OnlyTheUserMessageThatTellsTheUserToWaitMustBeSavedOnItsOwn()
    {
        var open = Open();
        var first = _workflow.AddUserMessage(open, "orada mısınız", At.AddMinutes(1));
        var second = _workflow.AddUserMessage(first.Ticket, "hala bekliyorum", At.AddMinutes(2));
        var whileClaimed = _workflow.AddUserMessage(_workflow.Assign(second.Ticket, "ayse", At.AddMinutes(3)).Ticket, "teşekkürler", At.AddMinutes(4));
        var claimedFirst = _workflow.AddUserMessage(_workflow.Assign(open, "ayse", At.AddMinutes(1)).Ticket, "merhaba", At.AddMinutes(2));

        Assert.False(first.Deferrable);
        Assert.True(second.Deferrable);
        Assert.True(whileClaimed.Deferrable);
        Assert.True(claimedFirst.Deferrable);
        Assert.False(_workflow.Assign(open, "ayse", At).Deferrable);
        Assert.False(_workflow.Resolve(second.Ticket, "ayse", null, At).Deferrable);
    }

    [Fact]
    public void RecordedUserMessagesTheTicketDidNotSaveAreTakenBackInOrderAndCountedInTheVersion()
    {
        var opened = Open();
        // Saved with its wait notice; the clock's last digit is below the microsecond the database keeps.
        var savedAt = At.AddMinutes(1).AddTicks(7);
        var saved = _workflow.AddUserMessage(opened, "orada mısınız", savedAt).Ticket;
        var recorded = new[]
        {
            Record(opened.TicketId, "hala bekliyorum", At.AddMinutes(3)),
            Record(opened.TicketId, "orada mısınız", At.AddMinutes(1)),
            Record(opened.TicketId, "neden", At.AddMinutes(2)),
            Record(opened.TicketId, "başka bir konu", At.AddMinutes(4)) with { TicketId = "ANOTHER001" },
            Record(opened.TicketId, "şey acaba", At),
        };

        var recovered = TicketWorkflow.WithRecordedUserMessages(saved, SessionKey, recorded);

        Assert.Equal(["orada mısınız", "neden", "hala bekliyorum"], recovered.Conversation.TakeLast(3).Select(m => m.Text));
        Assert.Equal(saved.Conversation.Length + 2, recovered.Conversation.Length);
        Assert.Equal(saved.Version + 2, recovered.Version);
        Assert.Equal(At.AddMinutes(3), recovered.UpdatedAt);
        Assert.Same(saved, TicketWorkflow.WithRecordedUserMessages(saved, SessionKey, recorded[1..2]));
    }

    [Fact]
    public void ARedeliveryOfTheOpeningMessageIsNotTakenBackAsANewMessage()
    {
        var opened = _workflow.Open(TicketIds.For(SessionKey, "wamid.1"), Opening(TicketPriority.Medium)).Ticket;

        var recovered = TicketWorkflow.WithRecordedUserMessages(
            opened, SessionKey, [Record(opened.TicketId, "şey acaba", At.AddMinutes(5)) with { PlatformMessageId = "wamid.1" }]);

        Assert.Same(opened, recovered);
    }

    [Fact]
    public void AResolvedTicketTakesNothingBack()
    {
        var resolved = _workflow.Resolve(Open(), "ayse", null, At).Ticket;

        Assert.Same(resolved, TicketWorkflow.WithRecordedUserMessages(resolved, SessionKey, [Record(resolved.TicketId, "hala orada mısınız", At.AddMinutes(1))]));
    }

    [Fact]
    public void ResolvingTwiceNotifiesOnce()
    {
        var resolved = _workflow.Resolve(Open(), "ayse", "tamam", At);

        var again = _workflow.Resolve(resolved.Ticket, "ayse", null, At);

        Assert.Single(resolved.Events);
        Assert.Equal(TicketStatus.Resolved, resolved.Ticket.Status);
        Assert.False(again.Changed);
        Assert.Empty(again.Events);
    }

    [Fact]
    public void AResolvedTicketTakesNoRepliesNoClaimsAndNoUserMessagesUntilReopened()
    {
        var resolved = _workflow.Resolve(Open(), "ayse", null, At).Ticket;

        Assert.Equal(TicketCommandStatus.Conflict, _workflow.Reply(resolved, "ayse", "x", At).Status);
        Assert.Equal(TicketCommandStatus.Conflict, _workflow.Assign(resolved, "ayse", At).Status);
        Assert.False(_workflow.AddUserMessage(resolved, "hello", At).Changed);

        var reopened = _workflow.Reopen(resolved, "ayse", "geri döndü", At.AddHours(1));
        Assert.Equal(TicketStatus.Open, reopened.Ticket.Status);
        Assert.Null(reopened.Ticket.AssignedTo);
        Assert.Equal(At.AddHours(1) + new EscalationOptions().SlaLow, reopened.Ticket.SlaDueAt);
        Assert.Equal(TicketCommandStatus.Conflict, _workflow.Reopen(reopened.Ticket, "ayse", null, At).Status);
    }

    [Fact]
    public void TheFirstMessageAWaitingUserWritesIsTheOneTheyAreToldToWaitAtAndAReopenedTicketWaitsAnew()
    {
        var ticket = Open();
        var first = _workflow.AddUserMessage(ticket, "orada mısınız", At.AddMinutes(1)).Ticket;
        var second = _workflow.AddUserMessage(first, "hala bekliyorum", At.AddMinutes(2)).Ticket;
        var resolved = _workflow.Resolve(second, "ayse", null, At.AddMinutes(3)).Ticket;
        var reopened = _workflow.Reopen(resolved, "ayse", null, At.AddMinutes(4)).Ticket;
        var claimed = _workflow.Assign(reopened, "ayse", At.AddMinutes(5)).Ticket;
        var whileClaimed = _workflow.AddUserMessage(claimed, "teşekkürler", At.AddMinutes(6)).Ticket;

        Assert.False(ticket.WaitNoticeSent);
        Assert.True(first.WaitNoticeSent);
        Assert.True(second.WaitNoticeSent);
        Assert.False(reopened.WaitNoticeSent);
        Assert.False(whileClaimed.WaitNoticeSent); // a person answers: nobody is told to wait
    }

    [Theory]
    [InlineData(TicketPriority.Low, TicketPriority.Medium)]
    [InlineData(TicketPriority.Medium, TicketPriority.High)]
    [InlineData(TicketPriority.High, TicketPriority.High)]
    public void AnUnclaimedTicketPastItsDeadlineIsRaisedOneLevelOnce(TicketPriority start, TicketPriority raised)
    {
        var ticket = Open(start);
        var due = ticket.SlaDueAt!.Value;

        var before = _workflow.CheckSla(ticket, due.AddSeconds(-1));
        var after = _workflow.CheckSla(ticket, due);
        var twice = _workflow.CheckSla(after.Ticket, due.AddDays(1));

        Assert.False(before.Changed);
        Assert.Equal(raised, after.Ticket.Priority);
        Assert.True(after.Ticket.SlaRaised);
        Assert.Equal(TicketEventKind.PriorityRaised, Assert.Single(after.Events).Kind);
        Assert.False(twice.Changed);
    }

    [Fact]
    public void AClaimedTicketIsNeverRaised()
    {
        var claimed = _workflow.Assign(Open(), "ayse", At).Ticket;

        Assert.False(_workflow.CheckSla(claimed, At.AddDays(1)).Changed);
    }

    [Fact]
    public void EveryChangeBumpsTheVersion()
    {
        var ticket = Open();
        var withMessage = _workflow.AddUserMessage(ticket, "orada mısınız", At.AddMinutes(1)).Ticket;
        var claimed = _workflow.Assign(withMessage, "ayse", At.AddMinutes(2)).Ticket;

        Assert.Equal([1L, 2L, 3L], new[] { ticket.Version, withMessage.Version, claimed.Version });
        Assert.Equal(At.AddMinutes(2), claimed.UpdatedAt);
    }

    private static readonly string SessionKey = GrainKeys.Session("b1", "whatsapp", "u1");

    private TicketSnapshot Open(TicketPriority priority = TicketPriority.Low) => _workflow.Open("TKT-0000000001", Opening(priority)).Ticket;

    private static TicketOpening Opening(TicketPriority priority) => new(
        "b1", "whatsapp", "u1", "s1", EscalationReason.LowConfidence, priority, "confidence 0.41", "şey acaba",
        [new ConversationTurn("merhaba", "Merhaba, hoş geldiniz!", At.AddMinutes(-1))], At);

    /// <summary>An interaction of the conversation as the session records it while the ticket has it.</summary>
    private static InteractionRecord Record(string ticketId, string text, DateTimeOffset at) => new(
        Guid.CreateVersion7(at), "b1", "whatsapp", "u1", "s1", null, text, null, "", null, null, null, true, ticketId, null, false, 0, null,
        // As read back from PostgreSQL: microseconds.
        new DateTimeOffset(at.UtcTicks / 10 * 10, TimeSpan.Zero));
}
