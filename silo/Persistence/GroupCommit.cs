using System.Threading.Channels;
using Orchestrator.GrainInterfaces;

namespace Orchestrator.Silo.Persistence;

/// <summary>Group-commit settings (section <c>Database:Writes</c>, see <see cref="PostgresWriter"/>).</summary>
public sealed class GroupCommitOptions
{
    /// <summary>Most items written by one batch.</summary>
    public int MaxBatchSize { get; set; } = 512;

    /// <summary>Batches written at the same time (each on its own connection).</summary>
    public int Writers { get; set; } = 2;
}

/// <summary>
/// Group commit: callers queue an item and wait; background writers take everything queued (up to a batch) and write
/// it with one round trip and one commit, then complete every caller with its own result. Under no load a batch is
/// one item; under load many share one commit. A caller is completed only after its item is committed.
/// </summary>
/// <remarks>
/// When a batch fails because PostgreSQL is unavailable, every caller in it fails at once. When it fails for another
/// reason (one item breaks a constraint, say), nothing of it was committed, and each item is written again on its own,
/// so the bad one fails alone and the others are not lost.
/// </remarks>
public sealed partial class GroupCommit<TItem, TResult> : IAsyncDisposable
{
    private readonly string _what;
    private readonly int _maxBatchSize;
    private readonly Func<IReadOnlyList<TItem>, Task<TResult[]>> _write;
    private readonly ILogger _logger;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = false });
    private readonly Task[] _writers;

    /// <param name="what">What is written, plural, for log lines ("interactions").</param>
    /// <param name="write">Writes a batch in one transaction; returns one result per item, in order.</param>
    public GroupCommit(string what, int maxBatchSize, int writers, Func<IReadOnlyList<TItem>, Task<TResult[]>> write, ILogger logger)
    {
        _what = what;
        _maxBatchSize = Math.Max(1, maxBatchSize);
        _write = write;
        _logger = logger;
        _writers = [.. Enumerable.Range(0, Math.Max(1, writers)).Select(_ => Task.Run(WriteLoopAsync))];
    }

    public Task<TResult> EnqueueAsync(TItem item)
    {
        var pending = new Pending(item, new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new DependencyUnavailableException(Postgres.Dependency, $"The {_what} writer has stopped.");
        }

        return pending.Completion.Task;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAll(_writers);
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<Pending>(_maxBatchSize);
        var items = new List<TItem>(_maxBatchSize);
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < _maxBatchSize && _queue.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
                items.Add(pending.Item);
            }

            if (batch.Count > 0)
            {
                await WriteAsync(batch, items);
                batch.Clear();
                items.Clear();
            }
        }
    }

    private async Task WriteAsync(List<Pending> batch, List<TItem> items)
    {
        try
        {
            var results = await _write(items);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Completion.TrySetResult(results[i]);
            }

            return;
        }
        catch (Exception exception) when (batch.Count > 1 && !Postgres.IsUnavailable(exception))
        {
            LogBatchRetriedAlone(_logger, batch.Count, _what, exception.Message);
        }
        catch (Exception exception)
        {
            LogBatchFailed(_logger, batch.Count, _what, exception.Message);
            Fail(batch, exception);
            return;
        }

        for (var i = 0; i < batch.Count; i++)
        {
            try
            {
                batch[i].Completion.TrySetResult((await _write([batch[i].Item]))[0]);
            }
            catch (Exception exception) when (Postgres.IsUnavailable(exception))
            {
                // The database went away meanwhile: the rest fail at once, as a batch does, instead of each waiting
                // out its own connection timeout.
                LogBatchFailed(_logger, batch.Count - i, _what, exception.Message);
                Fail(batch[i..], exception);
                return;
            }
            catch (Exception exception)
            {
                LogBatchFailed(_logger, 1, _what, exception.Message);
                Fail([batch[i]], exception);
            }
        }
    }

    private static void Fail(List<Pending> batch, Exception exception)
    {
        var failure = Postgres.IsUnavailable(exception) ? Postgres.Unavailable(exception) : exception;
        foreach (var pending in batch)
        {
            pending.Completion.TrySetException(failure);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing {Count} {What} failed: {Reason}")]
    private static partial void LogBatchFailed(ILogger logger, int count, string what, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing {Count} {What} together failed ({Reason}); writing each on its own")]
    private static partial void LogBatchRetriedAlone(ILogger logger, int count, string what, string reason);

    private sealed record Pending(TItem Item, TaskCompletionSource<TResult> Completion);
}
