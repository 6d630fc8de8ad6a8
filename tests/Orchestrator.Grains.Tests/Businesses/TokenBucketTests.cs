using Microsoft.Extensions.Time.Testing;
using Orchestrator.Grains.Limits;

namespace Orchestrator.Grains.Tests.Businesses;

public sealed class TokenBucketTests
{
    [Fact]
    public void AllowsTheBurstThenRefillsAtTheRate()
    {
        var time = new FakeTimeProvider();
        var bucket = new TokenBucket(capacity: 3, refillPerSecond: 0.5, time);

        var burst = Enumerable.Range(0, 3).Select(_ => bucket.TryTake()).ToList();
        var refused = bucket.TryTake();
        time.Advance(TimeSpan.FromSeconds(2));
        var refilled = bucket.TryTake();
        var again = bucket.TryTake();

        Assert.All(burst, Assert.Null);
        Assert.Equal(TimeSpan.FromSeconds(2), refused);
        Assert.Null(refilled);
        Assert.Equal(TimeSpan.FromSeconds(2), again);
    }

    [Fact]
    public void NeverHoldsMoreThanItsCapacity()
    {
        var time = new FakeTimeProvider();
        var bucket = new TokenBucket(capacity: 2, refillPerSecond: 10, time);

        time.Advance(TimeSpan.FromHours(1));
        var taken = Enumerable.Range(0, 3).Count(_ => bucket.TryTake() is null);

        Assert.Equal(2, taken);
    }
}
