using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Orchestrator.Grains.Understanding;

namespace Orchestrator.Grains.Tests.Fakes;

/// <summary>
/// A model double for grain tests: answers scripted outputs by message text, counts calls per tenant, and can hold
/// calls at a gate so tests control when a "slow model" answers.
/// </summary>
public sealed class ScriptedIntentModel : IIntentModel
{
    private readonly ConcurrentDictionary<string, Func<ModelRequest, string>> _scripts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);
    private volatile TaskCompletionSource? _gate;

    public string Name => "scripted";

    /// <summary>Answers this (normalised) message text with this output, for every tenant.</summary>
    public ScriptedIntentModel Script(string message, string output)
    {
        _scripts[TurkishText.Normalize(message)] = _ => output;
        return this;
    }

    /// <summary>Answers this message with an output computed from the request (e.g. to throw).</summary>
    public ScriptedIntentModel Script(string message, Func<ModelRequest, string> output)
    {
        _scripts[TurkishText.Normalize(message)] = output;
        return this;
    }

    public int CallsFor(string businessId) => _calls.GetValueOrDefault(businessId);

    public int TotalCalls => _calls.Values.Sum();

    /// <summary>From now on, calls wait until <see cref="OpenGate"/>.</summary>
    public void CloseGate() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void OpenGate() => Interlocked.Exchange(ref _gate, null)?.TrySetResult();

    public async ValueTask<ModelResponse> CompleteAsync(ModelRequest request, CancellationToken cancellationToken)
    {
        _calls.AddOrUpdate(request.Business.BusinessId, 1, (_, n) => n + 1);
        if (_gate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        var output = _scripts.TryGetValue(TurkishText.Normalize(request.Message), out var script)
            ? script(request)
            : Output("other", 0.3);
        return new ModelResponse(output, "scripted/1", new TokenUsage(100, 20, 120));
    }

    /// <summary>A contract-shaped output.</summary>
    public static string Output(string intent, double confidence, string? product = null, string? infoType = null, string? reply = null) =>
        new JsonObject
        {
            ["intent"] = intent,
            ["confidence"] = confidence,
            ["product"] = product,
            ["info_type"] = infoType,
            ["reply"] = reply,
        }.ToJsonString();
}
