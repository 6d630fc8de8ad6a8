using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orchestrator.Bench.Load;

/// <summary>
/// The reference: a bare Kestrel endpoint that parses the same <c>/webhook</c> JSON and returns a fixed answer, no
/// grains, no database. What the orchestrator is compared with in the same run.
/// </summary>
public static class BareKestrel
{
    public static async Task RunAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, BareJsonContext.Default));
        var app = builder.Build();
        app.MapGet("/health/ready", () => Results.Ok());
        app.MapPost("/webhook", async (HttpRequest request) =>
        {
            var message = await JsonSerializer.DeserializeAsync(request.Body, BareJsonContext.Default.BareRequest);
            return message?.MesajMetni is null
                ? Results.BadRequest()
                : Results.Json(new BareResponse(true, "Merhaba! Size nasıl yardımcı olabilirim?", "session", 0), BareJsonContext.Default.BareResponse);
        });
        await app.RunAsync();
    }
}

public sealed record BareRequest(string? MesajMetni, string? KullaniciId, string? IsletmeId, string? Platform);

public sealed record BareResponse(bool Success, string Message, string SessionId, long ResponseTimeMs);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(BareRequest))]
[JsonSerializable(typeof(BareResponse))]
internal sealed partial class BareJsonContext : JsonSerializerContext;
