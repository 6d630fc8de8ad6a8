using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Orchestrator.Gateway.Tests;

/// <summary>
/// The Graph API's <c>POST /{version}/{phone-number-id}/messages</c> and the Bot API's <c>POST /bot{token}/sendMessage</c>
/// on a loopback port, answering as the platforms do (a bearer token is required by the Graph API; Telegram answers
/// <c>{"ok": true, "result": …}</c>), with scripted failures to exercise retries.
/// </summary>
public sealed class FakePlatforms : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<int> _failures = new();

    private FakePlatforms(WebApplication app) => _app = app;

    public ConcurrentQueue<PlatformCall> Calls { get; } = new();

    public Uri Address { get; private set; } = null!;

    public static async Task<FakePlatforms> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var platforms = new FakePlatforms(app);
        app.MapPost("/{version}/{phoneNumberId}/messages", platforms.GraphMessagesAsync);
        app.MapPost("/{bot}/sendMessage", platforms.TelegramSendMessageAsync);
        await app.StartAsync();
        platforms.Address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        return platforms;
    }

    /// <summary>The next calls fail with these statuses, in order.</summary>
    public void FailNext(params int[] statuses)
    {
        foreach (var status in statuses)
        {
            _failures.Enqueue(status);
        }
    }

    /// <summary>Calls that the platform answered with success.</summary>
    public IReadOnlyList<PlatformCall> Delivered => [.. Calls.Where(c => c.Status == 200)];

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task<IResult> GraphMessagesAsync(string version, string phoneNumberId, HttpRequest request)
    {
        var body = JsonNode.Parse(await new StreamReader(request.Body).ReadToEndAsync())!;
        var status = Next();
        var authorization = request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            status = 401;
        }

        Calls.Enqueue(new PlatformCall("whatsapp", $"/{version}/{phoneNumberId}/messages", authorization, body, status));
        return status == 200
            ? Results.Json(new JsonObject
            {
                ["messaging_product"] = "whatsapp",
                ["contacts"] = new JsonArray(new JsonObject { ["input"] = (string?)body["to"], ["wa_id"] = (string?)body["to"] }),
                ["messages"] = new JsonArray(new JsonObject { ["id"] = "wamid." + Guid.NewGuid().ToString("N") }),
            })
            : Results.Json(new JsonObject { ["error"] = new JsonObject { ["message"] = "scripted failure", ["type"] = "OAuthException", ["code"] = status } }, statusCode: status);
    }

    private async Task<IResult> TelegramSendMessageAsync(string bot, HttpRequest request)
    {
        var body = JsonNode.Parse(await new StreamReader(request.Body).ReadToEndAsync())!;
        var status = Next();
        Calls.Enqueue(new PlatformCall("telegram", $"/{bot}/sendMessage", null, body, status));
        return status == 200
            ? Results.Json(new JsonObject { ["ok"] = true, ["result"] = new JsonObject { ["message_id"] = 7, ["text"] = (string?)body["text"] } })
            : Results.Json(new JsonObject { ["ok"] = false, ["error_code"] = status, ["description"] = "scripted failure" }, statusCode: status);
    }

    private int Next() => _failures.TryDequeue(out var status) ? status : 200;
}

public sealed record PlatformCall(string Platform, string Path, string? Authorization, JsonNode Body, int Status);
