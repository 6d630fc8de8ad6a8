using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Orchestrator.Grains.Escalations.Notifications;

/// <summary>How a staff notification reads in Slack and in e-mail.</summary>
public static class NotificationText
{
    public static string Title(NotificationEvent ev) => ev.Type == NotificationEvent.TicketPriorityRaised
        ? $"[{ev.Priority.ToUpperInvariant()}] Ticket {ev.TicketId} for {ev.BusinessId} is still waiting for a person"
        : $"[{ev.Priority.ToUpperInvariant()}] New ticket {ev.TicketId} for {ev.BusinessId}: {ev.Reason}";

    public static string Body(NotificationEvent ev)
    {
        var text = new StringBuilder()
            .AppendLine(Title(ev))
            .AppendLine(CultureInfo.InvariantCulture, $"Reason: {ev.Reason} ({ev.Detail})")
            .AppendLine(CultureInfo.InvariantCulture, $"Priority: {ev.Priority}; status: {ev.Status}")
            .AppendLine(CultureInfo.InvariantCulture, $"Customer: {ev.UserId} on {ev.Platform}");
        if (ev.LastUserMessage is { } last)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Last message: \"{last}\"");
        }

        return text.AppendLine(CultureInfo.InvariantCulture, $"Time: {ev.OccurredAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC").ToString();
    }

    /// <summary>A Slack incoming-webhook payload: <c>text</c> (the fallback) and <c>blocks</c>.</summary>
    public static string SlackPayload(NotificationEvent ev)
    {
        var fields = new JsonArray
        {
            Field("Reason", $"{ev.Reason}: {ev.Detail}"),
            Field("Priority", ev.Priority),
            Field("Customer", $"{ev.UserId} ({ev.Platform})"),
            Field("Ticket", ev.TicketId),
        };
        var blocks = new JsonArray
        {
            new JsonObject { ["type"] = "header", ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = Title(ev) } },
            new JsonObject { ["type"] = "section", ["fields"] = fields },
        };
        if (ev.LastUserMessage is { } last)
        {
            blocks.Add(new JsonObject { ["type"] = "section", ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = $"> {Escape(last)}" } });
        }

        return new JsonObject { ["text"] = Title(ev), ["blocks"] = blocks }.ToJsonString();
    }

    private static JsonObject Field(string name, string value) =>
        new() { ["type"] = "mrkdwn", ["text"] = $"*{name}*\n{Escape(value)}" };

    /// <summary>Slack's mrkdwn needs &amp;, &lt; and &gt; escaped.</summary>
    private static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
