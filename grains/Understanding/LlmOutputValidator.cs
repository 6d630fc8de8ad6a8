using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Orchestrator.Grains.Understanding;

/// <summary>
/// Strict validation of the model's output against the LLM contract (the architecture page): exactly one JSON
/// object and nothing else around it but whitespace; exactly the fields <c>intent</c>, <c>confidence</c>,
/// <c>product</c>, <c>info_type</c>, <c>reply</c>, each present once, with the right types and ranges.
/// </summary>
/// <remarks>
/// As strict as the original's Pydantic model with extra fields forbidden and strict types: a string is never
/// read as a number, a missing nullable field is an error, an unknown field is an error. Errors are short English
/// sentences naming the field, because they go back to the model in the repair prompt and into the ticket.
/// Runs on every model answer, so it reads with <see cref="Utf8JsonReader"/> and allocates only the values kept.
/// </remarks>
public static class LlmOutputValidator
{
    public const int MaxOutputLength = 16_384;
    public const int MaxProductLength = 200;
    public const int MaxInfoTypeLength = 100;
    public const int MaxReplyLength = 2000;

    private const int Intent = 0;
    private const int Confidence = 1;
    private const int Product = 2;
    private const int InfoType = 3;
    private const int Reply = 4;
    private static readonly string[] FieldNames = ["intent", "confidence", "product", "info_type", "reply"];
    private static readonly string IntentChoices = string.Join(", ", IntentNames.All);

    /// <summary>Validates a model output. Never throws.</summary>
    public static LlmValidation Validate(string? output)
    {
        if (string.IsNullOrWhiteSpace(output))
        {
            return LlmValidation.Invalid("the output is empty; expected one JSON object");
        }

        var text = output.AsSpan().Trim();
        if (text.Length > MaxOutputLength)
        {
            return LlmValidation.Invalid($"the output is longer than {MaxOutputLength} characters");
        }

        if (text[0] != '{' || text[^1] != '}')
        {
            return LlmValidation.Invalid("the output must be exactly one JSON object with no text, code fences or comments around it");
        }

        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(text, buffer);
            return Read(buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static LlmValidation Read(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions
        {
            CommentHandling = JsonCommentHandling.Disallow,
            AllowTrailingCommas = false,
            MaxDepth = 4,
        });

        var seen = 0;
        Intent intent = default;
        double confidence = 0;
        string? product = null, infoType = null, reply = null;
        try
        {
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var field = FieldOf(ref reader);
                if (field < 0)
                {
                    return LlmValidation.Invalid($"unknown field '{Truncate(reader.GetString())}'; only {string.Join(", ", FieldNames)} are allowed");
                }

                if ((seen & (1 << field)) != 0)
                {
                    return LlmValidation.Invalid($"field '{FieldNames[field]}' appears more than once");
                }

                seen |= 1 << field;
                reader.Read();
                var problem = field switch
                {
                    Intent => ReadIntent(ref reader, out intent),
                    Confidence => ReadConfidence(ref reader, out confidence),
                    Product => ReadText(ref reader, FieldNames[field], MaxProductLength, blankIsNull: false, allowLineBreaks: false, out product),
                    InfoType => ReadText(ref reader, FieldNames[field], MaxInfoTypeLength, blankIsNull: false, allowLineBreaks: false, out infoType),
                    _ => ReadText(ref reader, FieldNames[field], MaxReplyLength, blankIsNull: true, allowLineBreaks: true, out reply),
                };
                if (problem is not null)
                {
                    return LlmValidation.Invalid(problem);
                }
            }

            // The root object is complete; anything but whitespace after it makes the reader throw.
            if (reader.Read())
            {
                return LlmValidation.Invalid("the output must be exactly one JSON object with nothing after it");
            }
        }
        catch (JsonException exception)
        {
            return LlmValidation.Invalid($"the output is not valid JSON ({FirstSentence(exception.Message)})");
        }

        for (var field = 0; field < FieldNames.Length; field++)
        {
            if ((seen & (1 << field)) == 0)
            {
                return LlmValidation.Invalid($"field '{FieldNames[field]}' is missing (use null when there is no value)");
            }
        }

        if (intent == Understanding.Intent.BusinessInfo && infoType is null)
        {
            return LlmValidation.Invalid("field 'info_type' must name the meta key asked about when intent is business_info");
        }

        if (intent != Understanding.Intent.BusinessInfo && infoType is not null)
        {
            return LlmValidation.Invalid("field 'info_type' must be null unless intent is business_info");
        }

        return LlmValidation.Valid(new MessageUnderstanding(intent, confidence, product, infoType, reply));
    }

    private static int FieldOf(ref Utf8JsonReader reader)
    {
        for (var i = 0; i < FieldNames.Length; i++)
        {
            if (reader.ValueTextEquals(FieldNames[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static string? ReadIntent(ref Utf8JsonReader reader, out Intent intent)
    {
        intent = default;
        if (reader.TokenType != JsonTokenType.String)
        {
            return $"field 'intent' must be a string, one of: {IntentChoices}";
        }

        var name = reader.GetString();
        return IntentNames.TryParse(name, out intent)
            ? null
            : $"field 'intent' has the unknown value '{Truncate(name)}'; expected one of: {IntentChoices}";
    }

    private static string? ReadConfidence(ref Utf8JsonReader reader, out double confidence)
    {
        confidence = 0;
        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetDouble(out confidence))
        {
            return "field 'confidence' must be a number in [0, 1]";
        }

        return confidence is >= 0 and <= 1
            ? null
            : $"field 'confidence' must be a number in [0, 1], not {confidence.ToString(CultureInfo.InvariantCulture)}";
    }

    private static string? ReadText(ref Utf8JsonReader reader, string field, int maxLength, bool blankIsNull, bool allowLineBreaks, out string? value)
    {
        value = null;
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            return $"field '{field}' must be a string or null";
        }

        var text = reader.GetString()!.Trim();
        if (text.Length == 0)
        {
            return blankIsNull ? null : $"field '{field}' must not be an empty string (use null)";
        }

        if (text.Length > maxLength)
        {
            return $"field '{field}' must be at most {maxLength} characters";
        }

        // Control characters (an escaped \u0000, say) would reach answers and the database, which cannot store NUL.
        foreach (var c in text)
        {
            if (char.IsControl(c) && !(allowLineBreaks && c is '\n' or '\r' or '\t'))
            {
                return $"field '{field}' must not contain control characters";
            }
        }

        value = text;
        return null;
    }

    private static string Truncate(string? value) =>
        value is null ? "" : value.Length <= 40 ? value : string.Concat(value.AsSpan(0, 40), "…");

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return (end < 0 ? message : message[..end]).TrimEnd('.');
    }
}

/// <summary>A validation result: the understanding, or the first rule the output broke.</summary>
public sealed record LlmValidation(MessageUnderstanding? Understanding, string? Error)
{
    public bool IsValid => Understanding is not null;

    public static LlmValidation Valid(MessageUnderstanding understanding) => new(understanding, null);

    public static LlmValidation Invalid(string error) => new(null, error);
}
