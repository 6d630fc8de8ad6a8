using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Orchestrator.GrainInterfaces;
using Orchestrator.Gateway.Admin;
using Orchestrator.Gateway.Http;

namespace Orchestrator.Gateway.Channels;

/// <summary>
/// The platforms' own webhooks. WhatsApp Cloud API: <c>GET</c> verification handshake and <c>POST</c> notifications at
/// <c>/channels/whatsapp/{isletme_id}</c> (a shop's own Meta app) or <c>/channels/whatsapp</c> (an app shared by
/// several shops; the shop is found from the phone number id). Telegram: <c>POST /channels/telegram/{isletme_id}</c>.
/// A delivery is checked and stored durably, then answered <c>200</c> at once; the reply goes out in the background.
/// </summary>
internal static class ChannelsApi
{
    public static IEndpointRouteBuilder MapChannelsApi(this IEndpointRouteBuilder routes)
    {
        var channels = routes.MapGroup("/channels").WithTags("Channels")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        channels.MapGet("/whatsapp", (HttpRequest request, IGrainFactory grains) => VerifyWhatsApp(null, request, grains));
        channels.MapGet("/whatsapp/{isletme_id}", ([FromRoute(Name = "isletme_id")] string isletmeId, HttpRequest request, IGrainFactory grains) =>
            VerifyWhatsApp(isletmeId, request, grains));
        channels.MapPost("/whatsapp", (HttpRequest request, IGrainFactory grains, IOptions<ApiOptions> options) =>
            ReceiveWhatsApp(null, request, grains, options));
        channels.MapPost("/whatsapp/{isletme_id}", ([FromRoute(Name = "isletme_id")] string isletmeId, HttpRequest request, IGrainFactory grains, IOptions<ApiOptions> options) =>
            ReceiveWhatsApp(isletmeId, request, grains, options));
        channels.MapPost("/telegram/{isletme_id}", ReceiveTelegram);
        return routes;
    }

    /// <summary>Meta's handshake: echo <c>hub.challenge</c> as plain text when <c>hub.verify_token</c> is the shop's, else 403.</summary>
    public static async Task<IResult> VerifyWhatsApp(string? isletmeId, HttpRequest request, IGrainFactory grains)
    {
        if (isletmeId is not null && AdminApi.CheckBusinessId(isletmeId) is { } invalid)
        {
            return invalid;
        }

        var query = request.Query;
        var challenge = await grains.GetChannelInbox().VerifyWhatsApp(
            isletmeId, query["hub.mode"], query["hub.verify_token"], query["hub.challenge"]);
        return challenge is not null
            ? Results.Text(challenge, "text/plain")
            : Problems.Forbidden("hub.verify_token", "hub.mode must be 'subscribe' and hub.verify_token the WhatsApp integration's verify_token.");
    }

    public static async Task<IResult> ReceiveWhatsApp(string? isletmeId, HttpRequest request, IGrainFactory grains, IOptions<ApiOptions> options)
    {
        if (isletmeId is not null && AdminApi.CheckBusinessId(isletmeId) is { } invalid)
        {
            return invalid;
        }

        var (body, problem) = await JsonBody.ReadRawAsync(request, options.Value.ChannelMaxBodyBytes);
        if (problem is not null)
        {
            return problem;
        }

        var intake = await grains.GetChannelInbox().ReceiveWhatsApp(isletmeId, body!, request.Headers["X-Hub-Signature-256"]);
        return ToResult(intake);
    }

    public static async Task<IResult> ReceiveTelegram(
        [FromRoute(Name = "isletme_id")] string isletmeId, HttpRequest request, IGrainFactory grains, IOptions<ApiOptions> options)
    {
        if (AdminApi.CheckBusinessId(isletmeId) is { } invalid)
        {
            return invalid;
        }

        var (body, problem) = await JsonBody.ReadRawAsync(request, options.Value.ChannelMaxBodyBytes);
        if (problem is not null)
        {
            return problem;
        }

        var intake = await grains.GetChannelInbox().ReceiveTelegram(isletmeId, body!, request.Headers["X-Telegram-Bot-Api-Secret-Token"]);
        return ToResult(intake);
    }

    private static IResult ToResult(ChannelIntake intake) => intake.Status switch
    {
        ChannelIntakeStatus.Accepted => TypedResults.Ok(new ChannelIntakeResponse(true, intake.Accepted, intake.Duplicates, intake.Ignored)),
        ChannelIntakeStatus.Forbidden => Problems.Unauthorized(intake.Field ?? "signature", intake.Problem ?? "The signature does not match.", "The platform signature is invalid."),
        ChannelIntakeStatus.NotConfigured => Problems.NotFound(intake.Field ?? "isletme_id", intake.Problem ?? "The channel is not set up."),
        _ => Problems.Validation(intake.Field ?? "body", intake.Problem ?? "is not a delivery of this platform."),
    };
}

/// <summary>What a platform delivery became: messages stored for answering, re-deliveries, events ignored.</summary>
public sealed record ChannelIntakeResponse(bool Success, int Accepted, int Duplicates, int Ignored);
