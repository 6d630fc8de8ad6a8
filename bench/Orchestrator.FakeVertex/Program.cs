using Orchestrator.Grains.Understanding.LocalModel;

namespace Orchestrator.FakeVertex;

/// <summary>
/// <c>dotnet run --project bench/Orchestrator.FakeVertex -- --urls http://127.0.0.1:8090 --FakeVertex:LatencyMs 300</c>.
/// Knobs at start-up (section <c>FakeVertex</c>: LatencyMs, JitterMs, FailRate, FailStatus, RetryAfterSeconds, Mode)
/// or at run time through <c>POST /_control</c>.
/// </summary>
public sealed class Program
{
    private Program()
    {
    }

    public static async Task Main(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls("http://127.0.0.1:8090");
        }

        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var state = new FakeVertexState();
        state.Apply(app.Configuration.GetSection("FakeVertex").Get<FakeVertexSettings>() ?? new FakeVertexSettings());
        var model = new LocalIntentModel();
        await model.WarmUpAsync();
        app.MapFakeVertex(state, model);
        await app.RunAsync();
    }
}
