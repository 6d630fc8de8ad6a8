using Orchestrator.GrainInterfaces;
using Orchestrator.Grains.Sessions;

namespace Orchestrator.Grains.Tests.Sessions;

public sealed class RecentOutcomesTests
{
    [Fact]
    public void FindsTheAnswerToARememberedMessageAndNothingForAnother()
    {
        var recent = new RecentOutcomes(20);
        recent.Remember("wamid.1", Outcome("bir"));

        Assert.True(recent.TryGetValue("wamid.1", out var found));
        Assert.Equal("bir", found.Reply);
        Assert.False(recent.TryGetValue("wamid.2", out _));
    }

    [Fact]
    public void ForgetsTheOldestOnceFullAndKeepsTheNewest()
    {
        var recent = new RecentOutcomes(3);
        for (var i = 1; i <= 5; i++)
        {
            recent.Remember($"m{i}", Outcome($"answer {i}"));
        }

        Assert.Equal(3, recent.Count);
        Assert.False(recent.TryGetValue("m1", out _));
        Assert.False(recent.TryGetValue("m2", out _));
        foreach (var i in new[] { 3, 4, 5 })
        {
            Assert.True(recent.TryGetValue($"m{i}", out var found));
            Assert.Equal($"answer {i}", found.Reply);
        }

        recent.Remember("m6", Outcome("answer 6"));
        Assert.False(recent.TryGetValue("m3", out _));
        Assert.True(recent.TryGetValue("m4", out _));
        Assert.True(recent.TryGetValue("m6", out _));
    }

    [Fact]
    public void KeepsTheFirstAnswerWhenTheSameMessageIsRememberedAgain()
    {
        var recent = new RecentOutcomes(5);
        recent.Remember("m1", Outcome("first"));
        recent.Remember("m1", Outcome("second"));

        Assert.Equal(1, recent.Count);
        Assert.True(recent.TryGetValue("m1", out var found));
        Assert.Equal("first", found.Reply);
    }

    [Fact]
    public void RemembersNothingWithNoCapacity()
    {
        var recent = new RecentOutcomes(0);
        recent.Remember("m1", Outcome("bir"));

        Assert.Equal(0, recent.Count);
        Assert.False(recent.TryGetValue("m1", out _));
    }

    [Fact]
    public void MatchesMessageIdsExactly()
    {
        var recent = new RecentOutcomes(5);
        recent.Remember("ABC", Outcome("bir"));

        Assert.False(recent.TryGetValue("abc", out _));
    }

    private static MessageOutcome Outcome(string reply) => new(MessageStatus.Answered, reply, "s1", "price", 0.9, false, null, true);
}
