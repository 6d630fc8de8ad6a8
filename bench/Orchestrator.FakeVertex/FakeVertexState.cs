using System.Collections.Concurrent;

namespace Orchestrator.FakeVertex;

/// <summary>What the fake does on the next calls (latency, faults, odd answers) and what it has seen.</summary>
public sealed class FakeVertexState
{
    private readonly Lock _lock = new();
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly ConcurrentDictionary<string, long> _outcomes = new(StringComparer.Ordinal);
    private long _calls;

    public FakeVertexSettings Settings { get; private set; } = new();

    public long Calls => Interlocked.Read(ref _calls);

    public void Apply(FakeVertexSettings change)
    {
        lock (_lock)
        {
            Settings = Settings.Merge(change);
        }
    }

    public void Reset()
    {
        lock (_lock)
        {
            Settings = new FakeVertexSettings();
            Interlocked.Exchange(ref _calls, 0);
            _outcomes.Clear();
            _requests.Clear();
        }
    }

    /// <summary>Counts a call and decides, atomically, what this call does: a fault status, an answer mode, or normal.</summary>
    public (int? FailStatus, int? RetryAfter, string Mode) Next(RecordedRequest request, Random random)
    {
        Interlocked.Increment(ref _calls);
        _requests.Enqueue(request);
        while (_requests.Count > 50)
        {
            _requests.TryDequeue(out _);
        }

        lock (_lock)
        {
            var settings = Settings;
            int? fail = null;
            if (settings.FailNext > 0)
            {
                fail = settings.FailStatus ?? 503;
                Settings = settings with { FailNext = settings.FailNext - 1 };
            }
            else if (settings.FailRate > 0 && random.NextDouble() < settings.FailRate)
            {
                fail = settings.FailStatus ?? 503;
            }

            var mode = "normal";
            if (fail is null && settings.Mode is { } configured)
            {
                if (settings.ModeNext is null)
                {
                    mode = configured;
                }
                else if (settings.ModeNext > 0)
                {
                    mode = configured;
                    Settings = Settings with { ModeNext = settings.ModeNext - 1 };
                }
            }

            var outcome = fail is { } status ? $"status_{status}" : mode;
            _outcomes.AddOrUpdate(outcome, 1, (_, n) => n + 1);
            return (fail, fail is null ? null : settings.RetryAfterSeconds, mode);
        }
    }

    public FakeVertexStats Stats() => new(
        Calls,
        _outcomes.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal),
        [.. _requests],
        Settings);
}

/// <summary>Knobs, each optional in a <c>POST /_control</c> body (snake_case JSON); unset ones keep their value.</summary>
/// <param name="Mode"><c>normal</c>, <c>malformed</c> (cut-off JSON), <c>text_around</c> (prose around the object),
/// <c>safety_block</c> (no candidates, prompt blocked), <c>max_tokens</c> (truncated answer), <c>low_confidence</c>.</param>
/// <param name="ModeNext">Apply <paramref name="Mode"/> to this many calls only, then answer normally.</param>
public sealed record FakeVertexSettings(
    int? LatencyMs = null,
    int? JitterMs = null,
    int? FailNext = null,
    int? FailStatus = null,
    double? FailRate = null,
    int? RetryAfterSeconds = null,
    string? Mode = null,
    int? ModeNext = null)
{
    public FakeVertexSettings Merge(FakeVertexSettings change) => new(
        change.LatencyMs ?? LatencyMs,
        change.JitterMs ?? JitterMs,
        change.FailNext ?? FailNext,
        change.FailStatus ?? FailStatus,
        change.FailRate ?? FailRate,
        change.RetryAfterSeconds ?? RetryAfterSeconds,
        change.Mode ?? Mode,
        change.Mode is not null && change.ModeNext is null ? null : change.ModeNext ?? ModeNext);
}

public sealed record FakeVertexStats(long Calls, Dictionary<string, long> Outcomes, RecordedRequest[] RecentRequests, FakeVertexSettings Settings);

/// <summary>A request as the fake received it, for tests that check the wire shape.</summary>
public sealed record RecordedRequest(string Path, string Authorization, string Body);
