using Orchestrator.GrainInterfaces;

namespace Orchestrator.Grains.Businesses;

/// <summary>
/// A bounded cache with a time-to-live per entry and least-recently-used eviction, with the counters the cache
/// statistics report. Not thread-safe: it lives inside one grain activation, which runs one turn at a time.
/// </summary>
public sealed class ExpiringLruCache<TKey, TValue>
    where TKey : notnull
{
    private readonly Dictionary<TKey, LinkedListNode<Entry>> _entries;
    private readonly LinkedList<Entry> _recency = new();
    private readonly TimeProvider _time;
    private long _hits;
    private long _misses;
    private long _evictions;
    private long _expirations;
    private long _invalidations;

    public ExpiringLruCache(int capacity, TimeSpan timeToLive, TimeProvider time, IEqualityComparer<TKey>? comparer = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeToLive, TimeSpan.Zero);
        Capacity = capacity;
        TimeToLive = timeToLive;
        _time = time;
        _entries = new Dictionary<TKey, LinkedListNode<Entry>>(comparer);
    }

    /// <summary>Called when entries leave the cache other than by replacement: (cause, count).</summary>
    public Action<string, int>? Removed { get; set; }

    public int Capacity { get; }

    public TimeSpan TimeToLive { get; }

    public int Count => _entries.Count;

    public CacheCounters Counters => new(_entries.Count, _hits, _misses, _evictions, _expirations, _invalidations);

    /// <summary>Looks an entry up, counting a hit or a miss. An expired entry is removed and counts as a miss.</summary>
    public bool TryGet(TKey key, out TValue value)
    {
        if (_entries.TryGetValue(key, out var node))
        {
            if (node.Value.ExpiresAt > _time.GetUtcNow())
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                _hits++;
                value = node.Value.Value;
                return true;
            }

            Remove(node);
            _expirations++;
            Removed?.Invoke("expiration", 1);
        }

        _misses++;
        value = default!;
        return false;
    }

    /// <summary>Adds or replaces an entry, evicting the least recently used one when the cache is full.</summary>
    public void Set(TKey key, TValue value)
    {
        var expiresAt = _time.GetUtcNow() + TimeToLive;
        if (_entries.TryGetValue(key, out var existing))
        {
            existing.Value = new Entry(key, value, expiresAt);
            _recency.Remove(existing);
            _recency.AddFirst(existing);
            return;
        }

        if (_entries.Count >= Capacity && _recency.Last is { } oldest)
        {
            Remove(oldest);
            _evictions++;
            Removed?.Invoke("eviction", 1);
        }

        _entries[key] = _recency.AddFirst(new Entry(key, value, expiresAt));
    }

    /// <summary>Removes the entries matching a predicate; they count as invalidations.</summary>
    public int RemoveWhere(Func<TKey, TValue, bool> predicate)
    {
        var removed = 0;
        for (var node = _recency.First; node is not null;)
        {
            var next = node.Next;
            if (predicate(node.Value.Key, node.Value.Value))
            {
                Remove(node);
                removed++;
            }

            node = next;
        }

        _invalidations += removed;
        Removed?.Invoke("invalidation", removed);
        return removed;
    }

    /// <summary>Removes every entry; they count as invalidations.</summary>
    public int Clear()
    {
        var removed = _entries.Count;
        _entries.Clear();
        _recency.Clear();
        _invalidations += removed;
        Removed?.Invoke("invalidation", removed);
        return removed;
    }

    private void Remove(LinkedListNode<Entry> node)
    {
        _entries.Remove(node.Value.Key);
        _recency.Remove(node);
    }

    private readonly record struct Entry(TKey Key, TValue Value, DateTimeOffset ExpiresAt);
}
