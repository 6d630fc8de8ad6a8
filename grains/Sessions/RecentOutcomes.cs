using Orchestrator.GrainInterfaces;

namespace Orchestrator.Grains.Sessions;

/// <summary>
/// The answers to a session's last few platform message ids, so a redelivery is answered without a database round
/// trip. Kept small because every idle session holds one: a ring of at most <c>capacity</c> entries, allocated on
/// first use and grown as needed (one remembered message costs about 90 bytes, where a dictionary and a queue cost
/// about 360). Lookups are linear; the capacity is a few dozen.
/// </summary>
public sealed class RecentOutcomes(int capacity)
{
    private Entry[]? _entries;
    private int _count;
    private int _next;

    public int Count => _count;

    public bool TryGetValue(string messageId, out MessageOutcome outcome)
    {
        for (var i = 0; i < _count; i++)
        {
            if (string.Equals(_entries![i].MessageId, messageId, StringComparison.Ordinal))
            {
                outcome = _entries[i].Outcome;
                return true;
            }
        }

        outcome = null!;
        return false;
    }

    /// <summary>Remembers the answer unless the id is known already; the oldest entry goes when full.</summary>
    public void Remember(string messageId, MessageOutcome outcome)
    {
        if (capacity == 0 || TryGetValue(messageId, out _))
        {
            return;
        }

        if (_count < capacity)
        {
            if (_entries is null || _count == _entries.Length)
            {
                Array.Resize(ref _entries, Math.Min(capacity, Math.Max(2, _count * 2)));
            }

            _entries[_count++] = new Entry(messageId, outcome);
            return;
        }

        // Full: _next (from 0, the first remembered) is the oldest entry.
        _entries![_next] = new Entry(messageId, outcome);
        _next = (_next + 1) % capacity;
    }

    private readonly record struct Entry(string MessageId, MessageOutcome Outcome);
}
