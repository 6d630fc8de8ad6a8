using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orchestrator.FakeVertex;
using Orchestrator.GrainInterfaces;
using Orchestrator.Grains.Diagnostics;
using Orchestrator.Grains.Escalations;
using Orchestrator.Grains.Tests.Fakes;
using Orchestrator.Grains.Understanding;

namespace Orchestrator.Grains.Tests.Understanding.Vertex;

/// <summary>The Vertex AI client, its fault handling and telemetry, against the fake server speaking the real wire format.</summary>
public sealed class VertexClientTests : IAsyncLifetime
{
    private const string Question = "saten gecelik fiyatı ne kadar?";
    private static readonly ModelRequest Request = new(
        Question,
        [new ConversationTurn("merhaba", "Hoş geldiniz!", DateTimeOffset.UnixEpoch)],
        new BusinessContext("b1", "Test Butik", ["iade", "kargo"], ["Saten Gecelik", "Pamuk Pijama"]));

    private FakeVertexServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeVertexServer.StartAsync();
        _server.Answers.Script(Question, ScriptedIntentModel.Output("product_price", 0.94, "saten gecelik"));
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task SendsTheDocumentedRequestToATunedModelEndpoint()
    {
        using var services = _server.Client("projects/demo/locations/europe-west4/endpoints/42");

        await Interpreter(services).InterpretAsync(Request, default);

        var sent = Assert.Single(_server.State.Stats().RecentRequests);
        Assert.Equal("/v1/projects/demo/locations/europe-west4/endpoints/42:generateContent", sent.Path);
        Assert.Equal("Bearer test-token", sent.Authorization);
        var body = JsonNode.Parse(sent.Body)!;
        var system = (string)body["systemInstruction"]!["parts"]![0]!["text"]!;
        Assert.Contains("exactly one JSON object", system, StringComparison.Ordinal);
        Assert.Contains("iade, kargo", system, StringComparison.Ordinal);
        Assert.Contains("Saten Gecelik; Pamuk Pijama", system, StringComparison.Ordinal);
        Assert.Equal(["user", "model", "user"], body["contents"]!.AsArray().Select(c => (string)c!["role"]!));
        Assert.Equal(Question, (string)body["contents"]![2]!["parts"]![0]!["text"]!);
        var config = body["generationConfig"]!;
        Assert.Equal("application/json", (string)config["responseMimeType"]!);
        Assert.Equal(0.1, (double)config["temperature"]!, 3);
        Assert.Equal(256, (int)config["maxOutputTokens"]!);
        Assert.Equal(1, (int)config["candidateCount"]!);
        Assert.Equal(["intent", "confidence", "product", "info_type", "reply"], config["responseSchema"]!["required"]!.AsArray().Select(f => (string)f!));
    }

    [Fact]
    public async Task SendsTurkishLettersAsUtf8RatherThanEscapes()
    {
        using var services = _server.Client();

        await Interpreter(services).InterpretAsync(Request, default);

        var body = Assert.Single(_server.State.Stats().RecentRequests).Body;
        Assert.Contains("\"text\":\"saten gecelik fiyatı ne kadar?\"", body, StringComparison.Ordinal);
        Assert.Contains("Hoş geldiniz!", body, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u0131", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gemini-2.0-flash-001", "/v1/projects/demo/locations/us-central1/publishers/google/models/gemini-2.0-flash-001:generateContent")]
    [InlineData("publishers/google/models/gemini-2.5-pro", "/v1/projects/demo/locations/us-central1/publishers/google/models/gemini-2.5-pro:generateContent")]
    [InlineData("endpoints/987", "/v1/projects/demo/locations/us-central1/endpoints/987:generateContent")]
    [InlineData("987", "/v1/projects/demo/locations/us-central1/endpoints/987:generateContent")]
    public async Task CallsThePathOfEveryAcceptedModelNameForm(string model, string path)
    {
        using var services = _server.Client(model);

        await Interpreter(services).InterpretAsync(Request, default);

        Assert.Equal(path, Assert.Single(_server.State.Stats().RecentRequests).Path);
    }

    [Fact]
    public async Task UnderstandsAMessageAndRecordsTheModelVersionAndTokens()
    {
        using var services = _server.Client();

        var outcome = await Interpreter(services).InterpretAsync(Request, default);

        Assert.Equal(UnderstandingStatus.Understood, outcome.Status);
        Assert.Equal(new MessageUnderstanding(Intent.ProductPrice, 0.94, "saten gecelik", null, null), outcome.Understanding);
        Assert.Equal(FakeVertexEndpoints.ModelVersion, outcome.ModelVersion);
        Assert.True(outcome.Usage.PromptTokens > 0 && outcome.Usage.CandidateTokens > 0);
        Assert.Equal(outcome.Usage.PromptTokens + outcome.Usage.CandidateTokens, outcome.Usage.TotalTokens);
    }

    [Theory]
    [InlineData("malformed")]
    [InlineData("text_around")]
    [InlineData("max_tokens")]
    [InlineData("safety_block")]
    public async Task RepairsAnUnusableAnswerOnceWithTheReasonInThePrompt(string mode)
    {
        using var services = _server.Client();
        _server.State.Apply(new FakeVertexSettings(Mode: mode, ModeNext: 1));

        var outcome = await Interpreter(services).InterpretAsync(Request, default);

        Assert.Equal(UnderstandingStatus.Understood, outcome.Status);
        Assert.Equal(2, outcome.ModelCalls);
        var second = JsonNode.Parse(_server.State.Stats().RecentRequests[1].Body)!;
        Assert.Contains("was rejected because", (string)second["systemInstruction"]!["parts"]![0]!["text"]!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("malformed", "exactly one JSON object")]
    [InlineData("text_around", "exactly one JSON object")]
    [InlineData("max_tokens", "finish reason MAX_TOKENS")]
    [InlineData("safety_block", "blocked: SAFETY")]
    public async Task EscalatesAnAnswerThatStaysUnusableAfterTheRepair(string mode, string reason)
    {
        using var services = _server.Client();
        _server.State.Apply(new FakeVertexSettings(Mode: mode));

        var outcome = await Interpreter(services).InterpretAsync(Request, default);
        var escalation = new EscalationPolicy(new EscalationOptions()).Decide(outcome, Question, new EscalationContext(0, false));

        Assert.Equal(UnderstandingStatus.Invalid, outcome.Status);
        Assert.Contains(reason, outcome.Error, StringComparison.Ordinal);
        Assert.Equal(2, _server.State.Calls);
        Assert.Equal(EscalationReason.InvalidLlmOutput, escalation!.Reason);
    }

    [Fact]
    public async Task ALowConfidenceAnswerIsValidAndEscalatedAsLowConfidence()
    {
        using var services = _server.Client();
        _server.State.Apply(new FakeVertexSettings(Mode: "low_confidence"));

        var outcome = await Interpreter(services).InterpretAsync(Request, default);

        Assert.Equal(UnderstandingStatus.Understood, outcome.Status);
        Assert.Equal(EscalationReason.LowConfidence, new EscalationPolicy(new EscalationOptions()).Decide(outcome, Question, new EscalationContext(0, false))!.Reason);
    }

    [Fact]
    public async Task RetriesRateLimitingAndSucceeds()
    {
        using var services = _server.Client();
        _server.State.Apply(new FakeVertexSettings(FailNext: 2, FailStatus: 429));

        var outcome = await Interpreter(services).InterpretAsync(Request, default);

        Assert.Equal(UnderstandingStatus.Understood, outcome.Status);
        Assert.Equal(3, _server.State.Calls);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(403)]
    [InlineData(404)]
    public async Task DoesNotRetryAConfigurationErrorAndEscalates(int status)
    {
        using var services = _server.Client();
        _server.State.Apply(new FakeVertexSettings(FailNext: 5, FailStatus: status));

        var outcome = await Interpreter(services).InterpretAsync(Request, default);

        Assert.Equal(UnderstandingStatus.Unavailable, outcome.Status);
        Assert.Equal(1, _server.State.Calls);
        Assert.Equal(EscalationReason.LlmUnavailable, new EscalationPolicy(new EscalationOptions()).Decide(outcome, Question, new EscalationContext(0, false))!.Reason);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task GivesUpAfterTheLastRetryOfAServerErrorAndEscalates(int status)
    {
        using var services = _server.Client(settings: new Dictionary<string, string?> { ["Llm:Vertex:MaxRetries"] = "2" });
        _server.State.Apply(new FakeVertexSettings(FailNext: 100, FailStatus: status));

        var outcome = await Interpreter(services).InterpretAsync(Request, default);

        Assert.Equal(UnderstandingStatus.Unavailable, outcome.Status);
        Assert.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), outcome.Error, StringComparison.Ordinal);
        Assert.Equal(3, _server.State.Calls);
    }

    [Fact]
    public async Task WaitsAsLongAsRetryAfterSays()
    {
        using var services = _server.Client();
        _server.State.Apply(new FakeVertexSettings(FailNext: 1, FailStatus: 429, RetryAfterSeconds: 1));
        var clock = Stopwatch.StartNew();

        var outcome = await Interpreter(services).InterpretAsync(Request, default);

        Assert.Equal(UnderstandingStatus.Understood, outcome.Status);
        Assert.Equal(2, _server.State.Calls);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.95), $"retried after {clock.Elapsed}, before the 1 s Retry-After (the base delay is 50 ms)");
    }

    [Fact]
    public async Task OpensTheCircuitOnAnOutageThenClosesItAfterAHalfOpenSuccess()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var services = _server.Client(time: time, settings: new Dictionary<string, string?>
        {
            ["Llm:Vertex:MaxRetries"] = "0",
            ["Llm:Vertex:MinimumThroughput"] = "2",
            ["Llm:Vertex:FailureRatio"] = "0.5",
            ["Llm:Vertex:BreakDuration"] = "00:00:05",
        });
        var interpreter = Interpreter(services);
        _server.State.Apply(new FakeVertexSettings(FailNext: 2, FailStatus: 503));

        await interpreter.InterpretAsync(Request, default);
        await interpreter.InterpretAsync(Request, default);
        var whileOpen = await interpreter.InterpretAsync(Request, default);
        var callsWhileOpen = _server.State.Calls;
        time.Advance(TimeSpan.FromSeconds(6));
        var halfOpen = await interpreter.InterpretAsync(Request, default);
        var closed = await interpreter.InterpretAsync(Request, default);

        Assert.Equal(UnderstandingStatus.Unavailable, whileOpen.Status);
        Assert.Contains("circuit open", whileOpen.Error, StringComparison.Ordinal);
        Assert.Equal(2, callsWhileOpen);
        Assert.Equal(UnderstandingStatus.Understood, halfOpen.Status);
        Assert.Equal(UnderstandingStatus.Understood, closed.Status);
        Assert.Equal(4, _server.State.Calls);
    }

    [Fact]
    public async Task ReportsCallOutcomesLatencyAndTokensAsMetrics()
    {
        using var services = _server.Client();
        var measurements = new List<(string Name, double Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener();
        var meters = services.GetRequiredService<IMeterFactory>();
        listener.InstrumentPublished = (instrument, l) =>
        {
            // Only this client's meter: other test classes running at the same time record into their own.
            if (instrument.Meter.Name == LlmTelemetry.Name && ReferenceEquals(instrument.Meter.Scope, meters))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((i, v, t, _) => measurements.Add((i.Name, v, t.ToArray().ToDictionary(x => x.Key, x => x.Value))));
        listener.SetMeasurementEventCallback<double>((i, v, t, _) => measurements.Add((i.Name, v, t.ToArray().ToDictionary(x => x.Key, x => x.Value))));
        listener.Start();
        var interpreter = Interpreter(services);

        var ok = await interpreter.InterpretAsync(Request, default);
        _server.State.Apply(new FakeVertexSettings(FailNext: 10, FailStatus: 503));
        await interpreter.InterpretAsync(Request, default);

        Assert.Contains(measurements, m => m.Name == "orchestrator.llm.calls" && (string?)m.Tags["outcome"] == "ok" && (string?)m.Tags["provider"] == "vertex");
        Assert.Contains(measurements, m => m.Name == "orchestrator.llm.calls" && (string?)m.Tags["outcome"] == "unavailable" && (string?)m.Tags["error_kind"] == "server_error");
        Assert.Contains(measurements, m => m.Name == "orchestrator.llm.tokens" && (string?)m.Tags["type"] == "total" && m.Value == ok.Usage.TotalTokens);
        Assert.Contains(measurements, m => m.Name == "orchestrator.llm.tokens" && (string?)m.Tags["type"] == "prompt" && m.Value == ok.Usage.PromptTokens);
        Assert.Equal(2, measurements.Count(m => m.Name == "orchestrator.llm.duration"));
    }

    [Fact]
    public async Task TracesEveryModelCall()
    {
        using var services = _server.Client();
        // The listener hears every model call in the process, also those of test classes running meanwhile: this
        // test's call runs under its own parent span, and only spans of that trace are counted.
        using var testSource = new ActivitySource($"{nameof(VertexClientTests)}.{nameof(TracesEveryModelCall)}");
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == LlmTelemetry.Name || source.Name == testSource.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);

        ActivityTraceId trace;
        using (var parent = testSource.StartActivity("test")!)
        {
            trace = parent.TraceId;
            await Interpreter(services).InterpretAsync(Request, default);
        }

        var span = Assert.Single(spans, s => s.TraceId == trace && s.Source.Name == LlmTelemetry.Name);
        Assert.Equal("llm understand", span.DisplayName);
        Assert.Equal("ok", span.GetTagItem("llm.outcome"));
        Assert.Equal(FakeVertexEndpoints.ModelVersion, span.GetTagItem("gen_ai.response.model"));
    }

    private static MessageInterpreter Interpreter(ServiceProvider services) => services.GetRequiredService<MessageInterpreter>();
}
