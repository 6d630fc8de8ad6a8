using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Orchestrator.GrainInterfaces;
using Orchestrator.Silo.Persistence;

namespace Orchestrator.Grains.Tests.Silo;

/// <summary>The group-commit writer: shared batches, each caller its own result, a bad item failing alone.</summary>
public sealed class GroupCommitTests
{
    [Fact]
    public async Task ItemsQueuedWhileABatchIsWrittenShareTheNextBatchAndEachCallerGetsItsOwnResult()
    {
        var writer = new BlockingWriter();
        await using var commit = new GroupCommit<int, string>("numbers", 512, 1, writer.WriteAsync, NullLogger.Instance);

        var first = commit.EnqueueAsync(0);
        await writer.FirstBatchStarted.Task;
        var rest = Enumerable.Range(1, 50).Select(commit.EnqueueAsync).ToArray();
        writer.Release.SetResult();

        Assert.Equal("0", await first);
        Assert.Equal(Enumerable.Range(1, 50).Select(i => i.ToString()), await Task.WhenAll(rest));
        Assert.Equal([1, 50], writer.BatchSizes);
    }

    [Fact]
    public async Task ABatchThatFailsForOneItemIsWrittenAgainItemByItemSoOnlyThatItemFails()
    {
        var writer = new BlockingWriter { Bad = 7 };
        await using var commit = new GroupCommit<int, string>("numbers", 512, 1, writer.WriteAsync, NullLogger.Instance);

        var first = commit.EnqueueAsync(0);
        await writer.FirstBatchStarted.Task;
        var rest = Enumerable.Range(1, 10).Select(commit.EnqueueAsync).ToArray();
        writer.Release.SetResult();

        await first;
        await Assert.ThrowsAsync<InvalidOperationException>(() => rest[6]);
        Assert.All(rest.Where((_, i) => i != 6), r => Assert.Equal(r.Result, (Array.IndexOf(rest, r) + 1).ToString()));
        Assert.Equal([1, 10, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1], writer.BatchSizes);
    }

    [Fact]
    public async Task ABatchThatFailsBecauseTheDatabaseIsUnavailableFailsEveryCallerAtOnce()
    {
        var writer = new BlockingWriter { Unavailable = true };
        await using var commit = new GroupCommit<int, string>("numbers", 512, 1, writer.WriteAsync, NullLogger.Instance);

        var first = commit.EnqueueAsync(0);
        await writer.FirstBatchStarted.Task;
        var rest = Enumerable.Range(1, 10).Select(commit.EnqueueAsync).ToArray();
        writer.Release.SetResult();

        await Assert.ThrowsAsync<DependencyUnavailableException>(() => first);
        foreach (var item in rest)
        {
            await Assert.ThrowsAsync<DependencyUnavailableException>(() => item);
        }

        Assert.Equal([1, 10], writer.BatchSizes);
    }

    [Fact]
    public async Task WhenTheDatabaseGoesAwayDuringTheItemByItemRewriteTheRemainingItemsFailAtOnceWithoutBeingTried()
    {
        var writer = new BlockingWriter { Bad = 7, UnavailableFromBatch = 5 };
        await using var commit = new GroupCommit<int, string>("numbers", 512, 1, writer.WriteAsync, NullLogger.Instance);

        var first = commit.EnqueueAsync(0);
        await writer.FirstBatchStarted.Task;
        var rest = Enumerable.Range(1, 10).Select(commit.EnqueueAsync).ToArray();
        writer.Release.SetResult();

        await first;
        Assert.Equal(["1", "2"], await Task.WhenAll(rest[..2]));
        foreach (var item in rest[2..])
        {
            await Assert.ThrowsAsync<DependencyUnavailableException>(() => item);
        }

        // The first batch, the batch of ten, items 1 and 2 on their own, item 3 meeting the outage; nothing after it.
        Assert.Equal([1, 10, 1, 1, 1], writer.BatchSizes);
    }

    /// <summary>Holds the first batch until released, so the items queued meanwhile form the second.</summary>
    private sealed class BlockingWriter
    {
        private readonly Lock _lock = new();

        public TaskCompletionSource FirstBatchStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public List<int> BatchSizes { get; } = [];

        public int? Bad { get; init; }

        public bool Unavailable { get; init; }

        /// <summary>The database is unavailable from this write on (1-based), the earlier ones succeed or fail as set.</summary>
        public int? UnavailableFromBatch { get; init; }

        public async Task<string[]> WriteAsync(IReadOnlyList<int> items)
        {
            bool first;
            int number;
            lock (_lock)
            {
                BatchSizes.Add(items.Count);
                number = BatchSizes.Count;
                first = number == 1;
            }

            if (first)
            {
                FirstBatchStarted.SetResult();
                await Release.Task;
            }

            if (Unavailable || number >= UnavailableFromBatch)
            {
                throw new NpgsqlException("connection refused");
            }

            return items.Contains(Bad ?? -1)
                ? throw new InvalidOperationException($"item {Bad} breaks a constraint")
                : [.. items.Select(i => i.ToString())];
        }
    }
}
