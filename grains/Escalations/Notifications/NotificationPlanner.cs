using Orchestrator.GrainInterfaces;

namespace Orchestrator.Grains.Escalations.Notifications;

/// <summary>
/// Which messages a ticket change sends where: a new ticket or a missed claim deadline goes to every configured
/// staff channel (Slack, e-mail, the tenant's webhook); an agent's reply and the end of a handoff go to the user.
/// </summary>
public static class NotificationPlanner
{
    public static List<OutboundMessage> Plan(TicketChange change, NotificationOptions options, bool tenantHasWebhook, DateTimeOffset at)
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
                case TicketEventKind.AgentReply:
                    messages.Add(Message(change.Ticket, Channels.User, NotificationEvent.From(NotificationEvent.AgentReply, change.Ticket, ticketEvent.Text, at), at));
                    break;
                case TicketEventKind.Resolved when ticketEvent.NotifyUser:
                    messages.Add(Message(change.Ticket, Channels.User, NotificationEvent.From(NotificationEvent.ConversationResolved, change.Ticket, Businesses.ReplyTexts.HandoffEnded, at), at));
                    break;
            }
        }

        return messages;
    }

    private static OutboundMessage Message(TicketSnapshot ticket, string channel, NotificationEvent ev, DateTimeOffset at) =>
        new(Guid.CreateVersion7(at), ticket.BusinessId, ticket.TicketId, channel, ev, at);
}
