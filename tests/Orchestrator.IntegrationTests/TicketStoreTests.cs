using Orchestrator.GrainInterfaces;
using Orchestrator.Grains.Escalations;
using Orchestrator.Grains.Escalations.Notifications;
using Orchestrator.IntegrationTests.Infrastructure;
using Orchestrator.Silo.Persistence;

namespace Orchestrator.IntegrationTests;

/// <summary>Tickets and the notification outbox in PostgreSQL.</summary>
[Collection(ServersCollection.Name)]
public sealed class TicketStoreTests(Servers servers) : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);
    private Database _database = null!;
    private PostgresWriter _writer = null!;
    private PostgresTicketStore _store = null!;

    public async Task InitializeAsync()
    {
        _database = await Database.CreateAsync(servers.Postgres);
        _writer = _database.Writer();
        _store = new PostgresTicketStore(_database.DataSource, _writer);
    }

    public async Task DisposeAsync()
    {
        await _writer.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task SavesATicketWithItsNotificationsAndAStaleVersionWritesNeitherTicketNorNotifications()
    {
        var ticket = Ticket("TKT-0000000001", "b1", TicketPriority.High);

        Assert.True(await _store.SaveAsync(ticket, 0, [Message(ticket, Channels.Slack), Message(ticket, Channels.Email)], default));
        Assert.False(await _store.SaveAsync(ticket, 0, [Message(ticket, Channels.Slack)], default));
        var assigned = ticket with { Status = TicketStatus.Assigned, AssignedTo = "ayşe", Version = 2, Conversation = ticket.Conversation.Add(new TicketMessage("agent:ayşe", "Merhaba \"efendim\"", Start.AddMinutes(1))) };
        Assert.True(await _store.SaveAsync(assigned, 1, [], default));
        Assert.False(await _store.SaveAsync(assigned with { Version = 3 }, 1, [Message(ticket, Channels.User)], default));
        var loaded = await _store.LoadAsync("TKT-0000000001", default);

        Assert.Equal(TicketStatus.Assigned, loaded!.Status);
        Assert.Equal("ayşe", loaded.AssignedTo);
        Assert.Equal(2, loaded.Version);
        Assert.Equal(assigned.Conversation.ToArray(), loaded.Conversation.ToArray());
        Assert.Equal(2, await _database.ScalarAsync("SELECT count(*) FROM notification_outbox WHERE ticket_id = 'TKT-0000000001'"));

        var resolved = assigned with { Status = TicketStatus.Resolved, Version = 3, ResolvedAt = Start.AddMinutes(2) };
        Assert.True(await _store.SaveAsync(resolved, 2, [Message(ticket, Channels.User)], default));
        Assert.Equal(TicketStatus.Resolved, (await _store.LoadAsync("TKT-0000000001", default))!.Status);
        Assert.Equal(1, await _database.ScalarAsync("SELECT count(*) FROM notification_outbox WHERE ticket_id = 'TKT-0000000001' AND channel = 'user'"));
    }

    [Fact]
    public async Task ChangesOfManyTicketsSavedAtOnceEachGetTheirOwnOutcome()
    {
        var tickets = Enumerable.Range(1, 200).Select(i => Ticket($"TKT-{i:D10}", "b1", TicketPriority.Medium)).ToArray();
        Assert.All(await Task.WhenAll(tickets.Select(t => _store.SaveAsync(t, 0, [Message(t, Channels.Slack)], default))), Assert.True);

        // Even tickets are changed from the version they have; odd ones from a stale version, as a second writer would.
        var changes = tickets.Select((t, i) => _store.SaveAsync(
            t with { Status = TicketStatus.Assigned, AssignedTo = "ayşe", Version = 2 }, i % 2 == 0 ? 1 : 5, [Message(t, Channels.Email)], default));
        var saved = await Task.WhenAll(changes);

        Assert.Equal(tickets.Select((_, i) => i % 2 == 0), saved);
        Assert.Equal(100, await _database.ScalarAsync("SELECT count(*) FROM escalation_tickets WHERE version = 2 AND status = 'assigned'"));
        Assert.Equal(100, await _database.ScalarAsync("SELECT count(*) FROM notification_outbox WHERE channel = 'email'"));
        Assert.Equal(200, await _database.ScalarAsync("SELECT count(*) FROM notification_outbox WHERE channel = 'slack'"));
    }

    [Fact]
    public async Task AChangePostgresRejectsFailsAloneAndTheChangesSavedWithItAreCommitted()
    {
        var tickets = Enumerable.Range(1, 100).Select(i => Ticket($"TKT-{i:D10}", "b1", TicketPriority.Medium)).ToArray();
        // PostgreSQL text cannot hold NUL: this insert fails, and with it the batch it was sent in.
        tickets[50] = tickets[50] with { Detail = "bozuk\0metin" };

        var saves = tickets.Select(t => _store.SaveAsync(t, 0, [Message(t, Channels.Slack)], default)).ToArray();
        var failure = await Record.ExceptionAsync(() => saves[50]);

        Assert.IsType<Npgsql.PostgresException>(failure);
        Assert.All(saves.Where((_, i) => i != 50), s => Assert.True(s.Result));
        Assert.Equal(99, await _database.ScalarAsync("SELECT count(*) FROM escalation_tickets"));
        Assert.Equal(99, await _database.ScalarAsync("SELECT count(*) FROM notification_outbox"));
    }

    [Fact]
    public async Task FindsAConversationsLatestTicketWithWhetherItsUserWasToldToWaitAndCountsItsTickets()
    {
        var older = Ticket("TKT-CONV-0001", "b-conv", TicketPriority.Low) with { Status = TicketStatus.Resolved, ResolvedAt = Start.AddMinutes(5) };
        var latest = Ticket("TKT-CONV-0002", "b-conv", TicketPriority.Medium, Start.AddHours(1));
        var otherUser = Ticket("TKT-CONV-0003", "b-conv", TicketPriority.Low, Start.AddHours(2)) with { UserId = "905550000000" };
        foreach (var ticket in new[] { older, latest, otherUser })
        {
            Assert.True(await _store.SaveAsync(ticket, 0, [], default));
        }

        var before = await _store.ForConversationAsync("b-conv", "whatsapp", "905551112233", default);
        Assert.True(await _store.SaveAsync(latest with { WaitNoticeSent = true, Version = 2 }, 1, [], default));
        var after = await _store.ForConversationAsync("b-conv", "whatsapp", "905551112233", default);

        Assert.Equal(new ConversationTickets("TKT-CONV-0002", TicketStatus.Open, false, 2), before);
        Assert.Equal(new ConversationTickets("TKT-CONV-0002", TicketStatus.Open, true, 2), after);
        Assert.True((await _store.LoadAsync("TKT-CONV-0002", default))!.WaitNoticeSent);
        Assert.Equal(ConversationTickets.None, await _store.ForConversationAsync("b-conv", "telegram", "905551112233", default));
    }

    [Fact]
    public async Task APlatformMessageEnqueuedTwiceIsStoredOnceAndIsNotCountedAsANotification()
    {
        var incoming = Orchestrator.Grains.Platforms.ChannelMessages.Incoming("b9", "whatsapp", "905551112233", "wamid.X", "wamid.X", "merhaba", Start);
        var reply = Orchestrator.Grains.Platforms.ChannelMessages.Reply(incoming, "Merhaba, hoş geldiniz!", Start);

        var first = await _store.EnqueueAsync([incoming], default);
        var again = await _store.EnqueueAsync([incoming, reply], default);
        var claimed = await _store.ClaimAsync(10, TimeSpan.FromMinutes(1), Start.AddSeconds(1), default);
        var statistics = await _store.StatisticsAsync("b9", default);

        Assert.Equal(1, first);
        Assert.Equal(1, again);
        Assert.Equal(2, claimed.Count);
        Assert.Equal("wamid.X", claimed.Single(c => c.Message.Channel == Channels.Inbound).Message.Event.MessageId);
        Assert.Equal(1, statistics.Pending);
    }

    [Fact]
    public async Task ListsATenantsTicketsByStatusAndPriorityNewestFirst()
    {
        await _store.SaveAsync(Ticket("TKT-0000000011", "b2", TicketPriority.Low), 0, [], default);
        await _store.SaveAsync(Ticket("TKT-0000000012", "b2", TicketPriority.High, Start.AddMinutes(1)), 0, [], default);
        await _store.SaveAsync(Ticket("TKT-0000000013", "b2", TicketPriority.High, Start.AddMinutes(2)), 0, [], default);
        await _store.SaveAsync(Ticket("TKT-0000000014", "other", TicketPriority.High), 0, [], default);

        var high = await _store.ListAsync(new TicketQuery("b2", TicketStatus.Open, TicketPriority.High, 0, 10), default);
        var page = await _store.ListAsync(new TicketQuery("b2", null, null, 1, 1), default);

        Assert.Equal(["TKT-0000000013", "TKT-0000000012"], high.Items.Select(t => t.TicketId));
        Assert.Equal(2, high.Total);
        Assert.Equal("TKT-0000000012", Assert.Single(page.Items).TicketId);
        Assert.Equal(3, page.Total);
    }

    [Fact]
    public async Task FindsOpenTicketsPastTheirDeadlineOnly()
    {
        await _store.SaveAsync(Ticket("TKT-0000000021", "b3", TicketPriority.Low) with { SlaDueAt = Start.AddMinutes(5) }, 0, [], default);
        await _store.SaveAsync(Ticket("TKT-0000000022", "b3", TicketPriority.Low) with { SlaDueAt = Start.AddMinutes(50) }, 0, [], default);
        await _store.SaveAsync(Ticket("TKT-0000000023", "b3", TicketPriority.Low) with { SlaDueAt = Start.AddMinutes(5), SlaRaised = true }, 0, [], default);
        await _store.SaveAsync(Ticket("TKT-0000000024", "b3", TicketPriority.Low) with { SlaDueAt = Start.AddMinutes(5), Status = TicketStatus.Assigned }, 0, [], default);

        var due = await _store.DueForSlaAsync(Start.AddMinutes(10), 100, default);

        Assert.Contains("TKT-0000000021", due);
        Assert.DoesNotContain("TKT-0000000022", due);
        Assert.DoesNotContain("TKT-0000000023", due);
        Assert.DoesNotContain("TKT-0000000024", due);
    }

    [Fact]
    public async Task AClaimedMessageIsLeasedThenRetriedDeliveredOrFailedAndCounted()
    {
        var ticket = Ticket("TKT-0000000031", "b4", TicketPriority.Medium);
        var slack = Message(ticket, Channels.Slack);
        var email = Message(ticket, Channels.Email);
        var webhook = Message(ticket, Channels.Webhook);
        await _store.SaveAsync(ticket, 0, [slack, email, webhook], default);

        var claimed = await _store.ClaimAsync(10, TimeSpan.FromMinutes(1), Start, default);
        var whileLeased = await _store.ClaimAsync(10, TimeSpan.FromMinutes(1), Start.AddSeconds(30), default);
        await _store.RetryAsync(slack.Id, Start.AddMinutes(5), "429 slow down", default);
        await _store.CompleteAsync(email.Id, Start, default);
        var afterLease = await _store.ClaimAsync(10, TimeSpan.FromMinutes(1), Start.AddMinutes(2), default);
        await _store.FailAsync(webhook.Id, "410 gone", Start.AddMinutes(2), default);
        var retried = await _store.ClaimAsync(10, TimeSpan.FromMinutes(1), Start.AddMinutes(6), default);
        var statistics = await _store.StatisticsAsync("b4", default);

        Assert.Equal(3, claimed.Count(i => i.Message.TicketId == ticket.TicketId));
        Assert.Equal(slack.Event, claimed.Single(i => i.Message.Id == slack.Id).Message.Event);
        Assert.DoesNotContain(whileLeased, i => i.Message.TicketId == ticket.TicketId);
        Assert.Equal([webhook.Id], afterLease.Where(i => i.Message.TicketId == ticket.TicketId).Select(i => i.Message.Id));
        var again = Assert.Single(retried, i => i.Message.TicketId == ticket.TicketId);
        Assert.Equal(slack.Id, again.Message.Id);
        Assert.Equal(1, again.Attempts);
        Assert.Equal(new NotificationStatistics(1, 1, 1, 0), statistics);
    }

    internal static TicketSnapshot Ticket(string id, string business, TicketPriority priority, DateTimeOffset? at = null)
    {
        var when = at ?? Start;
        return new TicketSnapshot(id, business, "whatsapp", "905551112233", "s-1", EscalationReason.Complaint, "strong language",
            TicketStatus.Open, priority, null, [new TicketMessage("user", "rezalet", when)], when, when, null, when.AddMinutes(15), false, 1);
    }

    private static OutboundMessage Message(TicketSnapshot ticket, string channel) =>
        new(Guid.NewGuid(), ticket.BusinessId, ticket.TicketId, channel, NotificationEvent.From(NotificationEvent.TicketOpened, ticket, null, Start), Start);
}
