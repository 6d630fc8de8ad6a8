using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Orchestrator.Grains.Understanding.Vertex;

/// <summary>
/// What a chat model is told: the LLM contract, the shop's context (its information keys and, for small catalogues,
/// its product names), the recent conversation, the new message last, and on the repair attempt why the previous
/// answer was rejected.
/// </summary>
public static class UnderstandingPrompt
{
    /// <summary>
    /// The instruction without a repair hint, per tenant context: the tenant grain keeps one context object until its
    /// catalogue or meta changes, so every model call of a shop reuses one string instead of building ~1.5 KB anew.
    /// </summary>
    private static readonly ConditionalWeakTable<BusinessContext, CachedInstruction> Instructions = new();

    /// <summary>The contract as a Gemini response schema (OpenAPI subset): constrained decoding enforces the shape.</summary>
    public static readonly JsonElement ResponseSchema = JsonDocument.Parse($$"""
        {
          "type": "OBJECT",
          "properties": {
            "intent": { "type": "STRING", "enum": [{{string.Join(", ", IntentNames.All.Select(i => $"\"{i}\""))}}] },
            "confidence": { "type": "NUMBER", "minimum": 0, "maximum": 1 },
            "product": { "type": "STRING", "nullable": true },
            "info_type": { "type": "STRING", "nullable": true },
            "reply": { "type": "STRING", "nullable": true }
          },
          "required": ["intent", "confidence", "product", "info_type", "reply"],
          "propertyOrdering": ["intent", "confidence", "product", "info_type", "reply"]
        }
        """).RootElement.Clone();

    public static List<ChatMessage> Messages(ModelRequest request, int maxProductNames, int historyTurns)
    {
        var messages = new List<ChatMessage> { new(ChatRole.System, SystemInstruction(request, maxProductNames)) };
        foreach (var turn in request.History.Skip(Math.Max(0, request.History.Count - historyTurns)))
        {
            if (turn.UserText.Length > 0)
            {
                messages.Add(new ChatMessage(ChatRole.User, turn.UserText));
            }

            if (turn.BotText.Length > 0)
            {
                messages.Add(new ChatMessage(ChatRole.Assistant, turn.BotText));
            }
        }

        messages.Add(new ChatMessage(ChatRole.User, request.Message));
        return messages;
    }

    public static string SystemInstruction(ModelRequest request, int maxProductNames)
    {
        if (request.RepairHint is not null)
        {
            return Build(request.Business, maxProductNames, request.RepairHint);
        }

        if (Instructions.TryGetValue(request.Business, out var cached) && cached.MaxProductNames == maxProductNames)
        {
            return cached.Text;
        }

        var text = Build(request.Business, maxProductNames, hint: null);
        Instructions.AddOrUpdate(request.Business, new CachedInstruction(maxProductNames, text));
        return text;
    }

    private static string Build(BusinessContext business, int maxProductNames, string? hint)
    {
        var text = new StringBuilder()
            .AppendLine($"You read messages that customers send to the online shop \"{business.BusinessName}\", mostly in Turkish, and classify them.")
            .AppendLine("Answer with exactly one JSON object and nothing else: no prose, no code fences. It has exactly these fields:")
            .AppendLine("- intent: one of greeting (hello, thanks), product_price (asks a product's price), product_stock (asks whether a product is in stock or how many),")
            .AppendLine("  business_info (asks about the shop: returns, shipping, phone, opening hours, ...), human_handoff (wants a person), complaint (complains), other.")
            .AppendLine("- confidence: a number from 0 to 1, how likely your intent is right.")
            .AppendLine("- product: the product exactly as the customer wrote it in this message (for example \"geceliğin\"), or null. Use the conversation only to understand the intent; if the product is only in earlier messages, give it as written there.")
            .AppendLine("- info_type: for business_info, the shop information key asked about; otherwise null.")
            .AppendLine("- reply: null, or for intent other a short polite Turkish sentence. Never state a price, a stock figure or a promise in reply.");
        text.AppendLine(business.MetaKeys.Count == 0
            ? "The shop has no information keys yet; for business_info use a short lower-case key such as iade, kargo or telefon."
            : $"The shop's information keys (use one of these for info_type when it fits): {string.Join(", ", business.MetaKeys)}.");
        if (business.ProductNames.Count > 0 && business.ProductNames.Count <= maxProductNames)
        {
            text.AppendLine($"The shop's products: {string.Join("; ", business.ProductNames)}.");
        }

        if (hint is not null)
        {
            text.AppendLine($"Your previous answer to this message was rejected because {hint}. Answer again with exactly one JSON object that follows these rules.");
        }

        return text.ToString();
    }

    private sealed record CachedInstruction(int MaxProductNames, string Text);
}
