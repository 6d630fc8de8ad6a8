using System.Collections.Concurrent;
using Microsoft.ML;

namespace Orchestrator.Grains.Understanding.LocalModel;

/// <summary>
/// A pool of ML.NET prediction engines. A <see cref="PredictionEngine{TSrc, TDst}"/> keeps mutable buffers and is
/// not thread-safe, while the trained transformer behind it is; grains on many threads predict at once, so each
/// call borrows an engine for its duration. Engines are created on demand and at most
/// <c>2 × processor count</c> idle ones are kept.
/// </summary>
internal sealed class PredictionEnginePool<TIn, TOut>(Func<PredictionEngine<TIn, TOut>> create)
    where TIn : class
    where TOut : class, new()
{
    private readonly ConcurrentBag<PredictionEngine<TIn, TOut>> _idle = [];
    private readonly int _maxIdle = Math.Max(2, Environment.ProcessorCount * 2);

    public PredictionEngine<TIn, TOut> Rent() => _idle.TryTake(out var engine) ? engine : create();

    public void Return(PredictionEngine<TIn, TOut> engine)
    {
        if (_idle.Count < _maxIdle)
        {
            _idle.Add(engine);
        }
        else
        {
            engine.Dispose();
        }
    }
}
