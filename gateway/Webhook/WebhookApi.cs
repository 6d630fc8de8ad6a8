using System.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Orchestrator.GrainInterfaces;
using Orchestrator.Gateway.Http;
using Orchestrator.Gateway.Security;

namespace Orchestrator.Gateway.Webhook;

/// <summary><c>POST /webhook</c>: the original design's message endpoint.</summary>
internal static class WebhookApi
{
    public static IEndpointRouteBuilder MapWebhookApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/webhook", HandleMessage)
            .WithName("HandleMessage")
            .WithTags("Webhook")
            .WithSummary("Answers a user's message (Turkish field names, as in the original design).")
            .Accepts<WebhookRequest>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return routes;
    }

    /// <summary>Validates the message, hands it to the user's session grain, and returns its answer.</summary>
    public static async Task<Results<JsonWithLength<WebhookResponse>, ProblemHttpResult>> HandleMessage(
        HttpRequest request, IGrainFactory grains, WebhookSecrets secrets, IOptions<ApiOptions> options, TimeProvider time)
    {
        var started = Stopwatch.GetTimestamp();
        var body = await JsonBody.ReadAsync(request, GatewayJsonContext.Default.WebhookRequest, options.Value.WebhookMaxBodyBytes);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        var errors = WebhookValidation.Validate(body.Value!, options.Value.MaxMessageLength, out var message);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        // Before the session sees it: a refused call must not consume the user's limit or read a recorded answer.
        switch (await secrets.VerifyAsync(message.BusinessId, request.Headers[WebhookSecrets.Header]))
        {
            case WebhookSecrets.Check.Missing:
                return Problems.Unauthorized(WebhookSecrets.Header, $"Business '{message.BusinessId}' requires its webhook secret in the {WebhookSecrets.Header} header.", "A webhook secret is required.");
            case WebhookSecrets.Check.Wrong:
                return Problems.Unauthorized(WebhookSecrets.Header, $"The {WebhookSecrets.Header} header does not match business '{message.BusinessId}''s webhook secret.", "A webhook secret is required.");
        }

        var outcome = await grains.GetSession(message.BusinessId, message.Platform, message.UserId).Handle(
            new IncomingMessage(message.Text, message.MessageId, request.HttpContext.TraceIdentifier, time.GetUtcNow()));
        if (outcome.Status == MessageStatus.TenantNotFound)
        {
            return Problems.NotFound("isletme_id", $"No business has the id '{message.BusinessId}'.");
        }

        if (outcome.Status == MessageStatus.RateLimited)
        {
            return Problems.TooManyRequests(request.HttpContext, outcome.RetryAfter ?? TimeSpan.FromSeconds(1),
                "kullanici_id", "Too many messages from this user or business; nothing was recorded. Send it again after Retry-After seconds.");
        }

        return JsonWithLength.Ok(
            new WebhookResponse(
                true,
                outcome.Reply,
                outcome.SessionId,
                (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds,
                outcome.Intent,
                outcome.Escalated,
                outcome.TicketId,
                outcome.Duplicate));
    }
}
