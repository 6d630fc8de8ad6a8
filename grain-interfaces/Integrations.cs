using System.Collections.Immutable;

namespace Orchestrator.GrainInterfaces;

/// <summary>
/// A tenant's connection to something outside: its signed escalation webhook, its WhatsApp number, its Telegram bot.
/// Secrets are kept apart from settings so they are never returned in full.
/// </summary>
/// <param name="Kind"><c>escalation_webhook</c>, <c>whatsapp</c> or <c>telegram</c>.</param>
[GenerateSerializer, Immutable, Alias("orch.integration")]
public sealed record IntegrationSettings(
    string BusinessId,
    string Kind,
    ImmutableSortedDictionary<string, string> Settings,
    ImmutableSortedDictionary<string, string> Secrets,
    DateTimeOffset UpdatedAt);
