using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace Orchestrator.Grains.Understanding.LocalModel;

/// <summary>Writes the LLM contract's object: exactly <c>intent</c>, <c>confidence</c>, <c>product</c>, <c>info_type</c>, <c>reply</c>.</summary>
internal static class LocalModelJson
{
    // Turkish letters stay readable in logs and stored raw outputs; everything else keeps the default escaping.
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.BasicLatin, UnicodeRanges.Latin1Supplement, UnicodeRanges.LatinExtendedA),
    };

    public static string Write(Intent intent, double confidence, string? product, string? infoType)
    {
        var buffer = new ArrayBufferWriter<byte>(160);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("intent", intent.ToWire());
            writer.WriteNumber("confidence", Math.Round(Math.Clamp(double.IsNaN(confidence) ? 0 : confidence, 0, 1), 4));
            WriteNullable(writer, "product", product);
            WriteNullable(writer, "info_type", infoType);
            writer.WriteNull("reply");
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteNullable(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, WithoutLoneSurrogates(value));
        }
    }

    /// <summary>The writer rejects invalid UTF-16, and a product phrase is cut from whatever the user sent.</summary>
    private static string WithoutLoneSurrogates(string value)
    {
        StringBuilder? cleaned = null;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var valid = !char.IsSurrogate(c)
                || (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                || (char.IsLowSurrogate(c) && i > 0 && char.IsHighSurrogate(value[i - 1]));
            if (!valid && cleaned is null)
            {
                cleaned = new StringBuilder(value.Length).Append(value, 0, i);
            }

            cleaned?.Append(valid ? c : '\uFFFD');
        }

        return cleaned?.ToString() ?? value;
    }
}
