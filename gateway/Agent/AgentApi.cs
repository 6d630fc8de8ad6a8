using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Orchestrator.GrainInterfaces;
using Orchestrator.Gateway.Admin;
using Orchestrator.Gateway.Http;
using Orchestrator.Gateway.Security;
using Orchestrator.Grains.Escalations;

namespace Orchestrator.Gateway.Agent;

/// <summary>
/// The agent API: a tenant's tickets listed by status and priority, one read with its conversation, and the
/// workflow commands (assign, reply, resolve, reopen). A transition the ticket's state does not allow is a 409 that
/// says why; a ticket of another tenant is not found.
/// </summary>
internal static class AgentApi
{
    public const int MaxAgentLength = 100;
    public const int MaxNoteLength = 2000;
    private const int DefaultPageSize = 50;
    private const int MaxPageSize = 200;

    public static IEndpointRouteBuilder MapAgentApi(this IEndpointRouteBuilder routes)
    {
        var agent = routes.MapGroup("/agent/{isletme_id}/tickets").WithTags("Agent").RequireApiKey(ApiKeyScope.Tenant)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);

        agent.MapGet("", ListTickets);
        agent.MapGet("/{ticket_id}", GetTicket);
        agent.MapPost("/{ticket_id}/assign", AssignTicket).Accepts<AssignTicketRequest>("application/json").ProducesProblem(StatusCodes.Status409Conflict);
        agent.MapPost("/{ticket_id}/reply", ReplyToUser).Accepts<ReplyTicketRequest>("application/json").ProducesProblem(StatusCodes.Status409Conflict);
        agent.MapPost("/{ticket_id}/resolve", ResolveTicket).Accepts<ResolveTicketRequest>("application/json").ProducesProblem(StatusCodes.Status409Conflict);
        agent.MapPost("/{ticket_id}/reopen", ReopenTicket).Accepts<ReopenTicketRequest>("application/json").ProducesProblem(StatusCodes.Status409Conflict);
        return routes;
    }

    public static async Task<Results<Ok<TicketListResponse>, ProblemHttpResult>> ListTickets(
        [FromRoute(Name = "isletme_id")] string isletmeId, string? status, string? priority, string? offset, string? limit,
        IGrainFactory grains)
    {
        var errors = new FieldErrors().Check("isletme_id", Grains.Businesses.BusinessRules.CheckId(isletmeId));
        TicketStatus? statusFilter = null;
        TicketPriority? priorityFilter = null;
        if (status is not null)
        {
            statusFilter = TicketNames.ParseStatus(status);
            errors.Check("status", statusFilter is null ? "must be open, assigned or resolved." : null);
        }

        if (priority is not null)
        {
            priorityFilter = TicketNames.ParsePriority(priority);
            errors.Check("priority", priorityFilter is null ? "must be low, medium or high." : null);
        }

        var from = AdminApi.ParseInt(offset, "offset", 0, 0, 1_000_000, errors);
        var count = AdminApi.ParseInt(limit, "limit", DefaultPageSize, 1, MaxPageSize, errors);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        if (await AdminApi.RequireBusinessAsync(grains, isletmeId) is { } missing)
        {
            return missing;
        }

        var page = await grains.GetTicketDirectory().List(new TicketQuery(isletmeId, statusFilter, priorityFilter, from, count));
        return TypedResults.Ok(new TicketListResponse([.. page.Items.Select(TicketSummaryResponse.From)], page.Offset, page.Limit, page.Total));
    }

    public static async Task<Results<Ok<TicketResponse>, ProblemHttpResult>> GetTicket(
        [FromRoute(Name = "isletme_id")] string isletmeId, [FromRoute(Name = "ticket_id")] string ticketId, IGrainFactory grains)
    {
        if (CheckIds(isletmeId, ticketId) is { } invalid)
        {
            return invalid;
        }

        var ticket = await grains.GetTicket(ticketId).Get();
        return ticket is not null && ticket.BusinessId == isletmeId
            ? TypedResults.Ok(TicketResponse.From(ticket))
            : TicketNotFound(isletmeId, ticketId);
    }

    public static Task<Results<Ok<TicketResponse>, ProblemHttpResult>> AssignTicket(
        [FromRoute(Name = "isletme_id")] string isletmeId, [FromRoute(Name = "ticket_id")] string ticketId,
        HttpRequest request, IGrainFactory grains, IOptions<ApiOptions> options) =>
        Command(isletmeId, ticketId, request, grains, options.Value, GatewayJsonContext.Default.AssignTicketRequest,
            (body, errors) => errors.Check("agent", CheckAgent(body.Agent)),
            (ticket, body) => ticket.Assign(body.Agent!.Trim()));

    public static Task<Results<Ok<TicketResponse>, ProblemHttpResult>> ReplyToUser(
        [FromRoute(Name = "isletme_id")] string isletmeId, [FromRoute(Name = "ticket_id")] string ticketId,
        HttpRequest request, IGrainFactory grains, IOptions<ApiOptions> options) =>
        Command(isletmeId, ticketId, request, grains, options.Value, GatewayJsonContext.Default.ReplyTicketRequest,
            (body, errors) => errors
                .Check("agent", CheckAgent(body.Agent))
                .Check("text", CheckText(body.Text, options.Value.MaxMessageLength, required: true)),
            (ticket, body) => ticket.Reply(body.Agent!.Trim(), body.Text!.Trim()));

    public static Task<Results<Ok<TicketResponse>, ProblemHttpResult>> ResolveTicket(
        [FromRoute(Name = "isletme_id")] string isletmeId, [FromRoute(Name = "ticket_id")] string ticketId,
        HttpRequest request, IGrainFactory grains, IOptions<ApiOptions> options) =>
        Command(isletmeId, ticketId, request, grains, options.Value, GatewayJsonContext.Default.ResolveTicketRequest,
            (body, errors) => errors
                .Check("agent", CheckAgent(body.Agent))
                .Check("note", CheckText(body.Note, MaxNoteLength, required: false)),
            (ticket, body) => ticket.Resolve(body.Agent!.Trim(), NullIfBlank(body.Note)));

    public static Task<Results<Ok<TicketResponse>, ProblemHttpResult>> ReopenTicket(
        [FromRoute(Name = "isletme_id")] string isletmeId, [FromRoute(Name = "ticket_id")] string ticketId,
        HttpRequest request, IGrainFactory grains, IOptions<ApiOptions> options) =>
        Command(isletmeId, ticketId, request, grains, options.Value, GatewayJsonContext.Default.ReopenTicketRequest,
            (body, errors) => errors
                .Check("agent", CheckAgent(body.Agent))
                .Check("reason", CheckText(body.Reason, MaxNoteLength, required: false)),
            (ticket, body) => ticket.Reopen(body.Agent!.Trim(), NullIfBlank(body.Reason)));

    /// <summary>An agent name: 1–100 printable characters (it is shown to other agents and written on the ticket).</summary>
    internal static string? CheckAgent(string? agent) =>
        string.IsNullOrWhiteSpace(agent) ? "is required (who is acting on the ticket)."
        : agent.Trim().Length > MaxAgentLength ? $"must be at most {MaxAgentLength} characters."
        : agent.Any(char.IsControl) ? "must not contain control characters."
        : null;

    private static string? CheckText(string? text, int maxLength, bool required) =>
        text is null ? (required ? "is required." : null)
        : string.IsNullOrWhiteSpace(text) ? (required ? "must not be blank." : null)
        : text.Length > maxLength ? $"must be at most {maxLength} characters."
        : text.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t') ? "must not contain control characters."
        : null;

    private static string? NullIfBlank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static async Task<Results<Ok<TicketResponse>, ProblemHttpResult>> Command<TBody>(
        string isletmeId, string ticketId, HttpRequest request, IGrainFactory grains, ApiOptions options, JsonTypeInfo<TBody> typeInfo,
        Action<TBody, FieldErrors> validate, Func<IEscalationTicketGrain, TBody, Task<TicketCommandResult>> run)
        where TBody : class
    {
        if (CheckIds(isletmeId, ticketId) is { } invalid)
        {
            return invalid;
        }

        var body = await JsonBody.ReadAsync(request, typeInfo, options.AdminMaxBodyBytes);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        var errors = new FieldErrors();
        validate(body.Value!, errors);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var grain = grains.GetTicket(ticketId);
        if (await grain.Get() is not { } current || current.BusinessId != isletmeId)
        {
            return TicketNotFound(isletmeId, ticketId);
        }

        var result = await run(grain, body.Value!);
        return result.Status switch
        {
            TicketCommandStatus.Ok => TypedResults.Ok(TicketResponse.From(result.Ticket!)),
            TicketCommandStatus.Conflict => Problems.Conflict("status", result.Error ?? "The ticket's state does not allow this."),
            _ => TicketNotFound(isletmeId, ticketId),
        };
    }

    private static ProblemHttpResult? CheckIds(string isletmeId, string ticketId)
    {
        var errors = new FieldErrors()
            .Check("isletme_id", Grains.Businesses.BusinessRules.CheckId(isletmeId))
            .Check("ticket_id", TicketIds.IsWellFormed(ticketId) ? null : "must look like TKT-XXXXXXXXXX (10 characters of 0-9 and A-Z without I, L, O, U).");
        return errors.Any ? errors.ToProblem() : null;
    }

    private static ProblemHttpResult TicketNotFound(string isletmeId, string ticketId) =>
        Problems.NotFound("ticket_id", $"Business '{isletmeId}' has no ticket '{ticketId}'.");
}
