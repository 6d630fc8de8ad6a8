using System.Text.Json.Serialization;
using Orchestrator.GrainInterfaces;

namespace Orchestrator.Grains.Escalations.Notifications;

/// <summary>The channels a notification goes out on.</summary>
public static class Channels
{
    /// <summary>The Slack incoming webhook (<c>SLACK_WEBHOOK_URL</c>).</summary>
    public const string Slack = "slack";

    /// <summary>E-mail to <c>ESCALATION_EMAIL_RECIPIENTS</c>.</summary>
    public const string Email = "email";

    /// <summary>The tenant's signed webhook.</summary>
    public const string Webhook = "webhook";

    /// <summary>A message to the end user through their platform (an agent's reply, the end of a handoff).</summary>
    public const string User = "user";

    /// <summary>A message a platform delivered to us (WhatsApp, Telegram), accepted and waiting to be answered.</summary>
    public const string Inbound = "inbound";
}

/// <summary>
/// A notification waiting in the outbox. Written in the same transaction as the ticket change that caused it, so a
/// committed change always gets its notifications (at least once), even if the silo stops right after.
/// </summary>
public sealed record OutboundMessage(Guid Id, string BusinessId, string? TicketId, string Channel, NotificationEvent Event, DateTimeOffset CreatedAt);

/// <summary>An outbox entry handed to a dispatcher, with how many deliveries were tried before.</summary>
public sealed record OutboxItem(OutboundMessage Message, int Attempts);

/// <summary>What a notification says, in a channel-neutral form (also the signed webhook's JSON body).</summary>
public sealed record NotificationEvent(
    string Type,
    string TicketId,
    string BusinessId,
    string Platform,
    string UserId,
    string Reason,
    string Priority,
    string Status,
    string Detail,
    string? LastUserMessage,
    string? Text,
    string? AssignedTo,
    DateTimeOffset OccurredAt,
    string? MessageId = null)
{
    public const string TicketOpened = "ticket.opened";
    public const string TicketPriorityRaised = "ticket.priority_raised";
    public const string AgentReply = "conversation.agent_reply";
    public const string ConversationResolved = "conversation.resolved";
    public const string MessageReceived = "channel.message_received";
    public const string BotReply = "conversation.bot_reply";

    public static NotificationEvent From(string type, TicketSnapshot ticket, string? text, DateTimeOffset at) => new(
        type,
        ticket.TicketId,
        ticket.BusinessId,
        ticket.Platform,
        ticket.UserId,
        EscalationReasons.ToWire(ticket.Reason),
        TicketNames.Priority(ticket.Priority),
        TicketNames.Status(ticket.Status),
        ticket.Detail,
        ticket.Conversation.LastOrDefault(m => m.Author == TicketWorkflow.UserAuthor)?.Text,
        text,
        ticket.AssignedTo,
        at);
}

/// <summary>Delivery counts of a tenant's notifications, for the statistics.</summary>
public sealed record NotificationStatistics(long Pending, long Delivered, long Failed, long Skipped);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(NotificationEvent))]
public sealed partial class NotificationJsonContext : JsonSerializerContext;
