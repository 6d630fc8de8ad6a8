using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orchestrator.FakeVertex;
using Orchestrator.Grains.Diagnostics;
using Orchestrator.Grains.Escalations;
using Orchestrator.Grains.Tests.Fakes;
using Orchestrator.Grains.Understanding;
using Orchestrator.Grains.Understanding.LocalModel;
using Orchestrator.Silo.Hosting;

namespace Orchestrator.Grains.Tests.Understanding.Vertex;

/// <summary>The fake Vertex AI server on a free loopback port, answering with a scripted model.</summary>
public sealed class FakeVertexServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeVertexServer(WebApplication app, Uri address, FakeVertexState state, ScriptedIntentModel answers)
    {
        _app = app;
        Address = address;
        State = state;
        Answers = answers;
    }

    public FakeVertexState State { get; }

    public ScriptedIntentModel Answers { get; }

    public Uri Address { get; }

    public static async Task<FakeVertexServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var state = new FakeVertexState();
        var answers = new ScriptedIntentModel();
        app.MapFakeVertex(state, answers);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new FakeVertexServer(app, new Uri(address), state, answers);
    }

    /// <summary>Builds the production model client (the silo's own registration) against this server.</summary>
    public ServiceProvider Client(string model = "projects/demo/locations/europe-west4/endpoints/42", TimeProvider? time = null, IDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Llm:Provider"] = "vertex",
            ["Llm:Vertex:Model"] = model,
            ["Llm:Vertex:Project"] = "demo",
            ["Llm:Vertex:BaseUrl"] = Address.ToString(),
            ["Llm:Vertex:AccessToken"] = "test-token",
            ["Llm:Vertex:RetryDelay"] = "00:00:00.050",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton(time ?? TimeProvider.System)
            .AddLogging()
            .AddMetrics()
            .AddSingleton<LlmTelemetry>()
            .AddSingleton<MessageInterpreter>()
            .AddKeyedSingleton<IIntentModel>(MessageInterpreter.FallbackModelKey, (_, _) => new LocalIntentModel());
        services.AddOptions<EscalationOptions>();
        services.AddOrchestratorLlm(configuration, clusterMode: true);
        return services.BuildServiceProvider();
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
