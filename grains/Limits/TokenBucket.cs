namespace Orchestrator.Grains.Limits;

/// <summary>
/// A token bucket: up to <c>capacity</c> requests at once, refilled at <c>refillPerSecond</c>. Not thread-safe: it
/// lives inside one grain activation (the tenant's or the user's), which is what makes the limit exact across the
/// cluster: there is one bucket per tenant or user, wherever the requests come from.
/// </summary>
public sealed class TokenBucket
{
    private readonly double _capacity;
    private readonly double _refillPerSecond;
    private readonly TimeProvider _time;
    private double _tokens;
    private long _last;

    public TokenBucket(double capacity, double refillPerSecond, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(refillPerSecond);
        _capacity = capacity;
        _refillPerSecond = refillPerSecond;
        _time = time;
        _tokens = capacity;
        _last = time.GetTimestamp();
    }

    /// <summary>Null when a token was taken; otherwise how long until one is available.</summary>
    public TimeSpan? TryTake()
    {
        var now = _time.GetTimestamp();
        _tokens = Math.Min(_capacity, _tokens + (_time.GetElapsedTime(_last, now).TotalSeconds * _refillPerSecond));
        _last = now;
        if (_tokens >= 1)
        {
            _tokens -= 1;
            return null;
        }

        return TimeSpan.FromSeconds(Math.Ceiling((1 - _tokens) / _refillPerSecond * 1000) / 1000);
    }
}
