using System.Text.Json;
using Lethe.Audit;
using Lethe.Common;
using Lethe.Connectors;
using Lethe.Execution;
using Lethe.Requests;
using Lethe.Requests.Answers;
using Lethe.Tenancy;
using Lethe.Web.Api;
using Lethe.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lethe.Web.Requests;

/// <summary>
/// <c>/api/v1/tenants/{tenant}/requests</c>: registering data subject requests, following their steps, closing manual
/// tasks and downloading answers; and <c>/api/v1/webhooks/{token}</c>, where systems with an API answer later.
/// </summary>
public static class RequestsApi
{
    public static RouteGroupBuilder MapRequestsApi(this RouteGroupBuilder api)
    {
        var tenant = api.MapTenantGroup();
        tenant.MapGet("/requests", ListAsync).RequirePermission(Permission.RequestsRead)
            .WithSummary("Requests, newest first, 200 at a time (?skip=200 for the next 200): type, when registered, due and completed. With ?overdue=true only open requests past their deadline, the longest overdue first.");
        tenant.MapPost("/requests", CreateAsync).RequirePermission(Permission.RequestsManage)
            .WithSummary("Register a request; the worker carries it out in every datastore of the data map.");
        tenant.MapGet("/requests/{id:guid}", GetAsync).RequirePermission(Permission.RequestsRead)
            .WithSummary("A request with its steps: per datastore what was found, changed, kept and why, and what failed; and each processor it is forwarded to, with the day its confirmation is due.");
        tenant.MapGet("/requests/{id:guid}/answer", AnswerAsync).RequirePermission(Permission.RequestsManage)
            .WithSummary("The answer to an access or portability request: a ZIP with JSON and CSV per collection, the person's files and a summary.")
            .Produces(StatusCodes.Status200OK, contentType: "application/zip");
        tenant.MapPost("/requests/{id:guid}/steps/{step:guid}/complete", CompleteAsync).RequirePermission(Permission.RequestsManage)
            .WithSummary("Close a manual task with a note of what was done; a request forwarded to a processor is closed so once the processor confirms.");
        tenant.MapPost("/requests/{id:guid}/steps/{step:guid}/choose", ChooseAsync).RequirePermission(Permission.RequestsManage)
            .WithSummary("Where the identities matched several people, say which one the request is about (by the candidate's key); the step runs again for that person alone.");
        tenant.MapPost("/requests/{id:guid}/extend", ExtendAsync).RequirePermission(Permission.RequestsManage)
            .WithSummary("Extend the deadline once by one or two months (Art. 12(3)), with the reason the person is told; only within the first month.");
        tenant.MapPost("/requests/{id:guid}/verify", VerifyAsync).RequirePermission(Permission.RequestsManage)
            .WithSummary("Record how the person's identity was checked (the evidence is kept with the request, not in the audit log).");
        tenant.MapPost("/requests/{id:guid}/check-identities", CheckIdentitiesAsync).RequirePermission(Permission.RequestsManage)
            .WithSummary("Record how the identities marked \"unverified\" were checked (a name or phone number given beside an address the privacy centre's link confirmed): the request then searches by them too, with every request made together. Only before approval.");
        tenant.MapPost("/requests/{id:guid}/approve", ApproveAsync).RequirePermission(Permission.RequestsManage)
            .WithSummary("Approve a verified request: the engine starts in every datastore of the data map in force, and the request is forwarded to the processors that receive the person's data.");
        tenant.MapPost("/requests/{id:guid}/reject", RejectAsync).RequirePermission(Permission.RequestsManage)
            .WithSummary("Reject a request that has not started, with the reason the person is told (Art. 12(4)).");
        tenant.MapPost("/requests/{id:guid}/withdraw", WithdrawAsync).RequirePermission(Permission.RequestsManage)
            .WithSummary("Record that the person withdrew the request before it started.");
        tenant.MapPost("/requests/{id:guid}/assign", AssignAsync).RequirePermission(Permission.RequestsManage)
            .WithSummary("Give the request to an agent (their e-mail address), or to nobody with null.");
        tenant.MapGet("/status-webhook", GetWebhook).RequirePermission(Permission.TenantEdit)
            .WithSummary("Where request status changes are sent (the secret is never shown again).");
        tenant.MapPut("/status-webhook", SetWebhookAsync).RequirePermission(Permission.TenantEdit)
            .WithSummary("Send request status changes to this address, signed (X-Lethe-Timestamp, X-Lethe-Signature); answers the new secret once.");
        tenant.MapDelete("/status-webhook", RemoveWebhookAsync).RequirePermission(Permission.TenantEdit)
            .WithSummary("Stop sending request status changes.");
        api.MapPost("/webhooks/{token}", CallbackAsync).AllowAnonymous()
            .WithSummary("A system's answer to a job it accepted with 202, signed like the job (X-Lethe-Timestamp, X-Lethe-Signature).");
        return api;
    }

    /// <summary>Requests a list answers at most; the next page is <c>?skip=200</c>, and so on.</summary>
    public const int PageSize = 200;

    private const int MaxSkip = 10_000_000;

    private static async Task<OrProblem<Ok<List<RequestSummary>>, ValidationProblem>> ListAsync(
        CurrentTenant current, RequestQueries requests, CancellationToken ct, bool overdue = false, string? status = null, string? type = null, int skip = 0)
    {
        if (skip is < 0 or > MaxSkip)
        {
            return InvalidInput.For("skip", $"Give how many of the newest requests to pass over as a number from 0 to {MaxSkip}.");
        }

        if (overdue && skip > 0)
        {
            return InvalidInput.For("skip", "The overdue list is one list (at most 500, the longest overdue first); leave skip out.");
        }

        RequestStatus? wantedStatus = null;
        if (status is not null)
        {
            if (!WireNames.TryParse<RequestStatus>(status, out var parsed))
            {
                return InvalidInput.For("status", $"must be one of {string.Join(", ", RequestStatus.All.Select(s => s.ToWire()))}.");
            }

            wantedStatus = parsed;
        }

        RequestType? wantedType = null;
        if (type is not null)
        {
            if (!WireNames.TryParse<RequestType>(type, out var parsed))
            {
                return InvalidInput.For("type", $"must be one of {string.Join(", ", RequestType.All.Select(t => t.ToWire()))}.");
            }

            wantedType = parsed;
        }

        var tenant = current.Required;
        var list = overdue ? await requests.OverdueAsync(tenant, ct) : await requests.ListAsync(tenant, PageSize, ct, wantedStatus, wantedType, skip: skip);
        return TypedResults.Ok(list.Select(RequestSummary.Of).ToList());
    }

    private static Task<OrProblem<Ok<RequestSummary>, ValidationProblem, NotFoundProblem, ConflictProblem>> VerifyAsync(
        Guid id, IdentityCheckBody body, CurrentTenant current, PrincipalAccess principal, RequestLifecycle lifecycle, CancellationToken ct) =>
        MoveAsync(lifecycle.VerifyAsync(current.Required, principal.Actor, id, body.Evidence, ct));

    private static Task<OrProblem<Ok<RequestSummary>, ValidationProblem, NotFoundProblem, ConflictProblem>> CheckIdentitiesAsync(
        Guid id, IdentityCheckBody body, CurrentTenant current, PrincipalAccess principal, RequestLifecycle lifecycle, CancellationToken ct) =>
        MoveAsync(lifecycle.CheckIdentitiesAsync(current.Required, principal.Actor, id, body.Evidence, ct));

    private static async Task<OrProblem<Ok<RequestDetail>, ForbiddenProblem, NotFoundProblem, ConflictProblem>> ApproveAsync(
        Guid id, CurrentTenant current, PrincipalAccess principal, RequestLifecycle lifecycle, CancellationToken ct)
    {
        var tenant = current.Required;
        var asController = (await principal.GetAsync(ct)).Has(Permission.RequestsApproveAsController, tenant.Id, tenant.ResellerId);
        var approved = await lifecycle.ApproveAsync(tenant, principal.Actor, id, ct, asController);
        return approved.Succeeded ? TypedResults.Ok(RequestDetail.Of(approved.Value, [])) : approved.Failure;
    }

    private static Task<OrProblem<Ok<RequestSummary>, ValidationProblem, NotFoundProblem, ConflictProblem>> RejectAsync(
        Guid id, Rejection body, CurrentTenant current, PrincipalAccess principal, RequestLifecycle lifecycle, CancellationToken ct) =>
        MoveAsync(lifecycle.RejectAsync(current.Required, principal.Actor, id, body.Reason, ct));

    private static async Task<OrProblem<Ok<RequestSummary>, NotFoundProblem, ConflictProblem>> WithdrawAsync(
        Guid id, CurrentTenant current, PrincipalAccess principal, RequestLifecycle lifecycle, CancellationToken ct)
    {
        var withdrawn = await lifecycle.WithdrawAsync(current.Required, principal.Actor, id, ct);
        return withdrawn.Succeeded ? TypedResults.Ok(RequestSummary.Of(withdrawn.Value)) : withdrawn.Failure;
    }

    private static Task<OrProblem<Ok<RequestSummary>, ValidationProblem, NotFoundProblem, ConflictProblem>> AssignAsync(
        Guid id, Assignment body, CurrentTenant current, PrincipalAccess principal, RequestLifecycle lifecycle, CancellationToken ct) =>
        MoveAsync(lifecycle.AssignAsync(current.Required, principal.Actor, id, body.Assignee, ct));

    private static Ok<WebhookView> GetWebhook(CurrentTenant current) =>
        TypedResults.Ok(new WebhookView(current.Required.StatusWebhookUrl, current.Required.StatusWebhookUrl is not null));

    private static async Task<OrProblem<Ok<WebhookSecretView>, ValidationProblem>> SetWebhookAsync(
        WebhookInput body, CurrentTenant current, PrincipalAccess principal, StatusWebhookSettings settings, CancellationToken ct)
    {
        var tenant = current.Required;
        var set = await settings.SetAsync(tenant, principal.Actor, body.Url, ct);
        // A secret was just set, and with it the address it signs for.
        return set.Succeeded ? TypedResults.Ok(new WebhookSecretView(tenant.StatusWebhookUrl!, set.Value)) : set.Failure;
    }

    private static async Task<NoContent> RemoveWebhookAsync(CurrentTenant current, PrincipalAccess principal, StatusWebhookSettings settings, CancellationToken ct)
    {
        await settings.RemoveAsync(current.Required, principal.Actor, ct);
        return TypedResults.NoContent();
    }

    private static async Task<OrProblem<Ok<RequestSummary>, ValidationProblem, NotFoundProblem, ConflictProblem>> MoveAsync(Task<Outcome<DataRequest>> move)
    {
        var moved = await move;
        return moved.Succeeded ? TypedResults.Ok(RequestSummary.Of(moved.Value)) : moved.Failure;
    }

    private static async Task<OrProblem<Created<RequestDetail>, ValidationProblem, ConflictProblem>> CreateAsync(
        NewRequest body, CurrentTenant current, PrincipalAccess principal, RequestRegistration registration, CancellationToken ct)
    {
        if (body.Channel == RequestChannel.PrivacyCentre.ToWire())
        {
            return InvalidInput.For("channel", "privacy_centre is the channel of the public form; use api, controller or the channel the request came by.");
        }

        var tenant = current.Required;
        var input = new RequestInput(body.Type ?? "", body.Identities?.Select(i => new Identity(i.Type ?? "", i.Value ?? "")).ToList() ?? [], body.Changes,
            body.Channel, body.Language ?? "en", body.Message, body.IdentityCheck);
        var created = await registration.CreateAsync(tenant, principal.Actor, input, ct);
        if (!created.Succeeded)
        {
            return created.Failure;
        }

        var view = created.Value;
        return TypedResults.Created($"/api/v1/tenants/{tenant.Slug}/requests/{view.Request.Id}", RequestDetail.Of(view, []));
    }

    private static async Task<OrProblem<Ok<RequestDetail>, NotFoundProblem>> GetAsync(
        Guid id, CurrentTenant current, PrincipalAccess principal, RequestQueries requests, CancellationToken ct)
    {
        var tenant = current.Required;
        var view = await requests.ViewAsync(tenant, principal.Actor, id, ct);
        return view is null
            ? new Lethe.Common.NotFound("Request", id.ToString())
            : TypedResults.Ok(RequestDetail.Of(view, await requests.DeferredAsync(tenant, id, ct), await requests.TimelineAsync(tenant, id, ct)));
    }

    private static async Task<OrProblem<FileStreamHttpResult, NotFoundProblem, ConflictProblem, UnavailableProblem>> AnswerAsync(
        Guid id, HttpContext http, CurrentTenant current, PrincipalAccess principal, AnswerZip answers, CancellationToken ct)
    {
        var tenant = current.Required;
        var answer = await AnswerDownload.SpoolAsync(answers, tenant, principal.Actor, id, ct);
        if (!answer.Succeeded)
        {
            return answer.Failure;
        }

        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.File(answer.Value, "application/zip", AnswerDownload.FileName(tenant, id));
    }

    private static async Task<OrProblem<Ok<StepView>, ValidationProblem, NotFoundProblem, ConflictProblem>> CompleteAsync(
        Guid id, Guid step, StepCompletion body, CurrentTenant current, PrincipalAccess principal, ManualTasks manualTasks, CancellationToken ct)
    {
        var completed = await manualTasks.CompleteAsync(current.Required, principal.Actor, id, step, body.Note, body.NoteToPerson, ct);
        return completed.Succeeded ? TypedResults.Ok(StepView.Of(completed.Value)) : completed.Failure;
    }

    private static async Task<OrProblem<Ok<StepView>, ValidationProblem, NotFoundProblem, ConflictProblem>> ChooseAsync(
        Guid id, Guid step, PersonChoice body, CurrentTenant current, PrincipalAccess principal, PersonChoices choices, CancellationToken ct)
    {
        var chosen = await choices.ChooseAsync(current.Required, principal.Actor, id, step, body.Collection, body.Key, ct);
        return chosen.Succeeded ? TypedResults.Ok(StepView.Of(chosen.Value)) : chosen.Failure;
    }

    /// <summary>The candidate a step's identities matched that the request is about.</summary>
    public sealed record PersonChoice(string? Collection, string? Key);

    private static async Task<OrProblem<NoContent, ForbiddenProblem, NotFoundProblem>> CallbackAsync(
        string token, HttpRequest request, WebhookCallbacks callbacks, CancellationToken ct)
    {
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, ct);
        var accepted = await callbacks.AcceptAsync(token, request.Headers[WebhookSignature.TimestampHeader], request.Headers[WebhookSignature.SignatureHeader], body.ToArray(), ct);
        return accepted.Succeeded ? TypedResults.NoContent() : accepted.Failure;
    }

    private static async Task<OrProblem<Ok<ExtensionView>, ValidationProblem, NotFoundProblem, ConflictProblem>> ExtendAsync(
        Guid id, Extension body, CurrentTenant current, PrincipalAccess principal, RequestExtension extension, CancellationToken ct)
    {
        var extended = await extension.ExtendAsync(current.Required, principal.Actor, id, body.Months ?? 0, body.Reason, ct);
        return extended.Succeeded
            ? TypedResults.Ok(new ExtensionView(extended.Value.Id, extended.Value.DueOn, extended.Value.ExtendedMonths, extended.Value.ExtendedAt))
            : extended.Failure;
    }

    public sealed record Extension(int? Months, string? Reason);

    public sealed record ExtensionView(Guid Id, DateOnly? DueOn, int? ExtendedMonths, DateTime? ExtendedAt);

    public sealed record NewRequest(
        string? Type, IReadOnlyList<NewIdentity>? Identities, Dictionary<string, string>? Changes, string? Channel, string? Language, string? Message, string? IdentityCheck);

    public sealed record IdentityCheckBody(string? Evidence);

    public sealed record WebhookInput(string? Url);

    public sealed record WebhookView(string? Url, bool Configured);

    public sealed record WebhookSecretView(string Url, string Secret);

    public sealed record Rejection(string? Reason);

    public sealed record Assignment(string? Assignee);

    public sealed record TimelineEntry(DateTime At, string Action, string? Actor);

    public sealed record NewIdentity(string? Type, string? Value);

    /// <param name="Note">What was done: internal, it never leaves the console and the API.</param>
    /// <param name="NoteToPerson">What the person is told about this step, in their language: it goes into their answer as written.</param>
    public sealed record StepCompletion(string? Note, string? NoteToPerson = null);

    public sealed record RequestSummary(
        Guid Id, RequestType Type, RequestStatus Status, RequestChannel Channel, DateTime CreatedAt, DateOnly? DueOn, string? Assignee, DateTime? CompletedAt, DateTime? ClosedAt)
    {
        public static RequestSummary Of(DataRequest r) => new(r.Id, r.Type, r.Status, r.Channel, r.CreatedAt, r.DueOn, r.Assignee, r.CompletedAt, r.ClosedAt);
    }

    public sealed record RequestDetail(
        Guid Id, RequestType Type, RequestStatus Status, RequestChannel Channel, string Language, Guid? GroupId, IReadOnlyList<Identity> Identities, string? Message, DateTime CreatedAt,
        DateOnly? DueOn, string? CreatedBy, string? Assignee, string? VerificationEvidence, DateTime? VerifiedAt, DateTime? ApprovedAt, string? RejectionReason,
        DateTime? CompletedAt, DateTime? ClosedAt, IReadOnlyList<StepView> Steps, IReadOnlyList<DeferredView> Deferred, IReadOnlyList<TimelineEntry> Timeline)
    {
        public static RequestDetail Of(RequestView view, IReadOnlyList<DeferredErasure> deferred, IReadOnlyList<Lethe.Audit.AuditEntry>? timeline = null)
        {
            var r = view.Request;
            return new(
                r.Id, r.Type, r.Status, r.Channel, r.Language, r.GroupId, view.Identities, r.Message, r.CreatedAt, r.DueOn, r.CreatedBy, r.Assignee, r.VerificationEvidence,
                r.VerifiedAt, r.ApprovedAt, r.RejectionReason, r.CompletedAt, r.ClosedAt,
                view.Steps.Select(StepView.Of).ToList(),
                deferred.Select(d => new DeferredView(d.Datastore, d.Due, d.Rule, d.LegalReference, d.CompletedAt, d.LastError)).ToList(),
                (timeline ?? []).Select(e => new TimelineEntry(e.OccurredAt, e.Action, e.ActorName)).ToList());
        }
    }

    /// <param name="Datastore"><c>system.datastore</c>, or <c>sub-processor:KEY</c> for the request forwarded to a processor.</param>
    /// <param name="ForwardedTo">For a forwarded request: the processor's name. It is closed like a manual task once the processor confirms.</param>
    /// <param name="DueOn">For a forwarded request: the last day for the processor's confirmation, a day in the controller's time zone; late from the day after.</param>
    public sealed record StepView(
        Guid Id, string Datastore, string Connector, StepStatus Status, int Attempts, DateTime? NextAttemptAt, string? LastError,
        StepOutcome? Outcome, string? Assignee, string? Note, DateTime? CompletedAt, string? NoteToPerson, string? ForwardedTo, DateOnly? DueOn)
    {
        public static StepView Of(RequestStep s) => new(
            s.Id, s.Datastore, s.Connector.Name, s.Status, s.Attempts, s.NextAttemptAt, s.LastError,
            StepOutcome.Read(s.OutcomeJson), s.Assignee, s.Note, s.CompletedAt, s.NoteToPerson, s.ForwardedTo, s.DueOn);
    }

    public sealed record DeferredView(string Datastore, DateOnly Due, string Rule, string? LegalReference, DateTime? CompletedAt, string? LastError);
}
