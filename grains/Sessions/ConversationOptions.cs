using System.ComponentModel.DataAnnotations;

namespace Orchestrator.Grains.Sessions;

/// <summary>Conversation settings (section <c>Conversation</c>).</summary>
public sealed class ConversationOptions
{
    public const string Section = "Conversation";

    /// <summary>A user writing again within this time continues the same session; later, a new session starts. Default 30 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan SessionTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How many recent turns a session keeps and gives the model as context. Default 10.</summary>
    [Range(0, 100)]
    public int HistoryTurns { get; set; } = 10;

    /// <summary>
    /// How many recent platform message ids a session remembers in memory to answer redeliveries without a database
    /// round trip. Older redeliveries are still caught by the interaction store's uniqueness. Default 20.
    /// </summary>
    [Range(0, 1000)]
    public int RememberedMessageIds { get; set; } = 20;
}
