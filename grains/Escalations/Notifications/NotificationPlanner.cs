using Orchestrator.GrainInterfaces;

namespace Orchestrator.Grains.Escalations.Notifications;

/// <summary>
/// Which messages a ticket change sends where: a new ticket or a missed claim deadline goes to every configured
/// staff channel (Slack, e-mail, the tenant's webhook); an agent's reply and the end of a handoff go to the user when
/// their platform can be written to (<see cref="UserMessageNotifier.CanReachAsync"/>).
/// </summary>
public static class NotificationPlanner
{
    /// <summary>Whether any of the change's events would be sent to the user (then ask whether they can be reached).</summary>
    public static bool TellsUser(TicketChange change) =>
        change.Events.Any(e => e.Kind == TicketEventKind.AgentReply || e is { Kind: TicketEventKind.Resolved, NotifyUser: true });

    public static List<OutboundMessage> Plan(TicketChange change, NotificationOptions options, bool tenantHasWebhook, bool userReachable, DateTimeOffset at)
    {
        var messages = new List<OutboundMessage>();
        foreach (var ticketEvent in change.Events)
        {
            switch (ticketEvent.Kind)
            {
                case TicketEventKind.Opened:
                case TicketEventKind.PriorityRaised:
                    var type = ticketEvent.Kind == TicketEventKind.Opened ? NotificationEvent.TicketOpened : NotificationEvent.TicketPriorityRaised;
                    var staffEvent = NotificationEvent.From(type, change.Ticket, null, at);
                    if (options.Slack.WebhookUrl is not null)
                    {
                        messages.Add(Message(change.Ticket, Channels.Slack, staffEvent, at));
                    }

                    if (options.Email.IsConfigured)
                    {
                        messages.Add(Message(change.Ticket, Channels.Email, staffEvent, at));
                    }

                    if (tenantHasWebhook)
                    {
                        messages.Add(Message(change.Ticket, Channels.Webhook, staffEvent, at));
                    }

                    break;
                case TicketEventKind.AgentReply when userReachable:
                    messages.Add(Message(change.Ticket, Channels.User, NotificationEvent.From(NotificationEvent.AgentReply, change.Ticket, ticketEvent.Text, at), at));
                    break;
                case TicketEventKind.Resolved when ticketEvent.NotifyUser && userReachable:
                    messages.Add(Message(change.Ticket, Channels.User, NotificationEvent.From(NotificationEvent.ConversationResolved, change.Ticket, Businesses.ReplyTexts.HandoffEnded, at), at));
                    break;
            }
        }

        return messages;
    }

    private static OutboundMessage Message(TicketSnapshot ticket, string channel, NotificationEvent ev, DateTimeOffset at) =>
        new(Guid.CreateVersion7(at), ticket.BusinessId, ticket.TicketId, channel, ev, at);
}
