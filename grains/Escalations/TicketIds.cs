using System.Security.Cryptography;
using System.Text;

namespace Orchestrator.Grains.Escalations;

/// <summary>
/// Human-readable ticket ids such as <c>TKT-7K2M9QXD4F</c> (Crockford base32, no I/L/O/U to misread).
/// </summary>
public static class TicketIds
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private const int Length = 10;

    /// <summary>
    /// The id of the ticket a message opens. Derived from the conversation and the platform message id when there is
    /// one, so a redelivery of the same message that escalates again (say, after a crash before its interaction was
    /// recorded) opens the same ticket instead of a second one. Random otherwise.
    /// </summary>
    public static string For(string sessionKey, string? platformMessageId)
    {
        Span<byte> digest = stackalloc byte[32];
        if (platformMessageId is null)
        {
            RandomNumberGenerator.Fill(digest);
        }
        else
        {
            SHA256.HashData(Encoding.UTF8.GetBytes(string.Concat(sessionKey, "\n", platformMessageId)), digest);
        }

        return Format(digest);
    }

    /// <summary>True for a string of the ticket id's shape.</summary>
    public static bool IsWellFormed(string? id) =>
        id is { Length: Length + 4 } && id.StartsWith("TKT-", StringComparison.Ordinal) && id.AsSpan(4).IndexOfAnyExcept(Alphabet) < 0;

    private static string Format(ReadOnlySpan<byte> digest)
    {
        // 10 symbols of 5 bits = 50 bits of the digest.
        var bits = BitConverter.ToUInt64(digest[..8]);
        return string.Create(Length + 4, bits, static (span, value) =>
        {
            "TKT-".CopyTo(span);
            for (var i = 4; i < span.Length; i++)
            {
                span[i] = Alphabet[(int)(value & 31)];
                value >>= 5;
            }
        });
    }
}
