using System.Collections.Immutable;
using Orchestrator.GrainInterfaces;

namespace Orchestrator.Grains.Sessions;

/// <summary>
/// The embedded-mode interaction store. Keeps the last <see cref="RecordsPerUser"/> interactions of each
/// conversation (enough for history and redelivery checks) and running statistics per tenant, so memory stays
/// bounded by the number of conversations rather than growing with every message.
/// </summary>
public sealed class InMemoryInteractionStore : IInteractionStore
{
    public const int RecordsPerUser = 100;

    private readonly Lock _lock = new();
    private readonly Dictionary<(string, string, string), LinkedList<InteractionRecord>> _byUser = [];
    private readonly Dictionary<string, BusinessCounters> _byBusiness = new(StringComparer.Ordinal);

    public ValueTask<RecordOutcome> RecordAsync(InteractionRecord record, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var key = (record.BusinessId, record.Platform, record.UserId);
            if (!_byUser.TryGetValue(key, out var records))
            {
                _byUser[key] = records = new LinkedList<InteractionRecord>();
            }

            if (record.PlatformMessageId is { } messageId)
            {
                foreach (var earlier in records)
                {
                    if (earlier.PlatformMessageId == messageId)
                    {
                        return ValueTask.FromResult(new RecordOutcome(false, earlier));
                    }
                }
            }

            records.AddFirst(record);
            if (records.Count > RecordsPerUser)
            {
                records.RemoveLast();
            }

            if (!_byBusiness.TryGetValue(record.BusinessId, out var counters))
            {
                _byBusiness[record.BusinessId] = counters = new BusinessCounters();
            }

            counters.Add(record);
            return ValueTask.FromResult(new RecordOutcome(true, record));
        }
    }

    public Task<IReadOnlyList<InteractionRecord>> RecentAsync(
        string businessId, string platform, string userId, int limit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            IReadOnlyList<InteractionRecord> recent = _byUser.TryGetValue((businessId, platform, userId), out var records)
                ? records.Take(limit).ToList()
                : [];
            return Task.FromResult(recent);
        }
    }

    public Task<IReadOnlyList<InteractionRecord>> ForTicketAsync(
        string businessId, string platform, string userId, string ticketId, DateTimeOffset since, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            IReadOnlyList<InteractionRecord> recorded = _byUser.TryGetValue((businessId, platform, userId), out var records)
                ? records.Where(r => r.TicketId == ticketId && r.CreatedAt >= since).Reverse().ToList()
                : [];
            return Task.FromResult(recorded);
        }
    }

    public Task<BusinessStatistics> StatisticsAsync(string businessId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var statistics = _byBusiness.TryGetValue(businessId, out var counters)
                ? counters.ToStatistics(businessId)
                : BusinessCounters.Empty(businessId);
            return Task.FromResult(statistics);
        }
    }

    public Task ForgetBusinessAsync(string businessId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _byBusiness.Remove(businessId);
            foreach (var key in _byUser.Keys.Where(k => k.Item1 == businessId).ToList())
            {
                _byUser.Remove(key);
            }
        }

        return Task.CompletedTask;
    }

    private sealed class BusinessCounters
    {
        private readonly HashSet<string> _sessions = new(StringComparer.Ordinal);
        private readonly HashSet<(string, string)> _users = [];
        private readonly Dictionary<string, long> _intents = new(StringComparer.Ordinal);
        private readonly Dictionary<string, long> _platforms = new(StringComparer.Ordinal);
        private long _messages;
        private long _escalations;
        private long _processingMsTotal;
        private DateTimeOffset? _lastMessageAt;

        public void Add(InteractionRecord record)
        {
            _messages++;
            _sessions.Add(record.SessionId);
            _users.Add((record.Platform, record.UserId));
            if (record.Intent is { } intent)
            {
                _intents[intent] = _intents.GetValueOrDefault(intent) + 1;
            }

            _platforms[record.Platform] = _platforms.GetValueOrDefault(record.Platform) + 1;
            if (record.Escalated)
            {
                _escalations++;
            }

            _processingMsTotal += record.ProcessingMs;
            if (_lastMessageAt is null || record.CreatedAt > _lastMessageAt)
            {
                _lastMessageAt = record.CreatedAt;
            }
        }

        public BusinessStatistics ToStatistics(string businessId) => new(
            businessId,
            _messages,
            _sessions.Count,
            _users.Count,
            _escalations,
            _intents.ToImmutableSortedDictionary(StringComparer.Ordinal),
            _platforms.ToImmutableSortedDictionary(StringComparer.Ordinal),
            _messages == 0 ? 0 : (double)_processingMsTotal / _messages,
            _lastMessageAt);

        public static BusinessStatistics Empty(string businessId) => new(
            businessId, 0, 0, 0, 0, ImmutableSortedDictionary<string, long>.Empty, ImmutableSortedDictionary<string, long>.Empty, 0, null);
    }
}
