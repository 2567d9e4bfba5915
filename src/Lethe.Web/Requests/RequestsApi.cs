using System.Text.Json;
using Lethe.Audit;
using Lethe.Common;
using Lethe.Connectors;
using Lethe.Execution;
using Lethe.Requests;
using Lethe.Tenancy;
using Lethe.Web.Api;
using Lethe.Web.Security;

namespace Lethe.Web.Requests;

/// <summary>
/// <c>/api/v1/tenants/{tenant}/requests</c>: registering data subject requests, following their steps, closing manual
/// tasks and downloading answers; and <c>/api/v1/webhooks/{token}</c>, where systems with an API answer later.
/// </summary>
public static class RequestsApi
{
    public static RouteGroupBuilder MapRequestsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/tenants/{tenant}/requests", ListAsync).RequirePermission(Permission.RequestsRead)
            .WithSummary("Requests, newest first: type, when registered, due and completed. With ?overdue=true only open requests past their deadline, the longest overdue first.").Produces<List<RequestSummary>>();
        api.MapPost("/tenants/{tenant}/requests", CreateAsync).RequirePermission(Permission.RequestsManage)
            .WithSummary("Register a request; the worker carries it out in every datastore of the data map.")
            .Produces<RequestDetail>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/tenants/{tenant}/requests/{id:guid}", GetAsync).RequirePermission(Permission.RequestsRead)
            .WithSummary("A request with its steps: per datastore what was found, changed, kept and why, and what failed.")
            .Produces<RequestDetail>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/tenants/{tenant}/requests/{id:guid}/answer", AnswerAsync).RequirePermission(Permission.RequestsManage)
            .WithSummary("The answer to an access or portability request: a ZIP with JSON and CSV per collection, the person's files and a summary.")
            .Produces(StatusCodes.Status200OK, contentType: "application/zip").ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/tenants/{tenant}/requests/{id:guid}/steps/{step:guid}/complete", CompleteAsync).RequirePermission(Permission.RequestsManage)
            .WithSummary("Close a manual task with a note of what was done.")
            .Produces<StepView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/tenants/{tenant}/requests/{id:guid}/steps/{step:guid}/choose", ChooseAsync).RequirePermission(Permission.RequestsManage)
            .WithSummary("Where the identities matched several people, say which one the request is about (by the candidate's key); the step runs again for that person alone.")
            .Produces<StepView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/tenants/{tenant}/requests/{id:guid}/extend", ExtendAsync).RequirePermission(Permission.RequestsManage)
            .WithSummary("Extend the deadline once by one or two months (Art. 12(3)), with the reason the person is told; only within the first month.")
            .Produces<ExtensionView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/tenants/{tenant}/requests/{id:guid}/verify", VerifyAsync).RequirePermission(Permission.RequestsManage)
            .WithSummary("Record how the person's identity was checked (the evidence is kept with the request, not in the audit log).")
            .Produces<RequestSummary>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/tenants/{tenant}/requests/{id:guid}/approve", ApproveAsync).RequirePermission(Permission.RequestsManage)
            .WithSummary("Approve a verified request: the engine starts in every datastore of the data map in force.")
            .Produces<RequestDetail>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/tenants/{tenant}/requests/{id:guid}/reject", RejectAsync).RequirePermission(Permission.RequestsManage)
            .WithSummary("Reject a request that has not started, with the reason the person is told (Art. 12(4)).")
            .Produces<RequestSummary>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/tenants/{tenant}/requests/{id:guid}/withdraw", WithdrawAsync).RequirePermission(Permission.RequestsManage)
            .WithSummary("Record that the person withdrew the request before it started.")
            .Produces<RequestSummary>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/tenants/{tenant}/requests/{id:guid}/assign", AssignAsync).RequirePermission(Permission.RequestsManage)
            .WithSummary("Give the request to an agent (their e-mail address), or to nobody with null.")
            .Produces<RequestSummary>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/tenants/{tenant}/status-webhook", GetWebhookAsync).RequirePermission(Permission.TenantEdit)
            .WithSummary("Where request status changes are sent (the secret is never shown again).").Produces<WebhookView>();
        api.MapPut("/tenants/{tenant}/status-webhook", SetWebhookAsync).RequirePermission(Permission.TenantEdit)
            .WithSummary("Send request status changes to this address, signed (X-Lethe-Timestamp, X-Lethe-Signature); answers the new secret once.")
            .Produces<WebhookSecretView>().ProducesValidationProblem();
        api.MapDelete("/tenants/{tenant}/status-webhook", RemoveWebhookAsync).RequirePermission(Permission.TenantEdit)
            .WithSummary("Stop sending request status changes.").Produces(StatusCodes.Status204NoContent);
        api.MapPost("/webhooks/{token}", CallbackAsync).AllowAnonymous()
            .WithSummary("A system's answer to a job it accepted with 202, signed like the job (X-Lethe-Timestamp, X-Lethe-Signature).")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<IResult> ListAsync(
        CurrentTenant current, RequestQueries requests, CancellationToken ct, bool overdue = false, string? status = null, string? type = null)
    {
        if (await current.GetAsync(ct) is not { } tenant)
        {
            return ProblemResults.UnknownTenant(current.Slug);
        }

        RequestStatus? wantedStatus = null;
        if (status is not null)
        {
            if (!WireNames.TryParse<RequestStatus>(status, out var parsed))
            {
                return ProblemResults.From(InvalidInput.For("status", $"must be one of {string.Join(", ", RequestStatus.All.Select(s => s.ToWire()))}."));
            }

            wantedStatus = parsed;
        }

        RequestType? wantedType = null;
        if (type is not null)
        {
            if (!WireNames.TryParse<RequestType>(type, out var parsed))
            {
                return ProblemResults.From(InvalidInput.For("type", $"must be one of {string.Join(", ", RequestType.All.Select(t => t.ToWire()))}."));
            }

            wantedType = parsed;
        }

        var list = overdue ? await requests.OverdueAsync(tenant, ct) : await requests.ListAsync(tenant, 200, ct, wantedStatus, wantedType);
        return TypedResults.Ok(list.Select(RequestSummary.Of).ToList());
    }

    private static Task<IResult> VerifyAsync(Guid id, IdentityCheckBody body, CurrentTenant current, PrincipalAccess principal, RequestLifecycle lifecycle, CancellationToken ct) =>
        MoveAsync(current, ct, tenant => lifecycle.VerifyAsync(tenant, principal.Actor, id, body.Evidence, ct));

    private static async Task<IResult> ApproveAsync(Guid id, CurrentTenant current, PrincipalAccess principal, RequestLifecycle lifecycle, CancellationToken ct)
    {
        if (await current.GetAsync(ct) is not { } tenant)
        {
            return ProblemResults.UnknownTenant(current.Slug);
        }

        var asController = (await principal.GetAsync(ct)).Has(Permission.RequestsApproveAsController, tenant.Id, tenant.ResellerId);
        var approved = await lifecycle.ApproveAsync(tenant, principal.Actor, id, ct, asController);
        return approved.Succeeded ? TypedResults.Ok(RequestDetail.Of(approved.Value!, [])) : ProblemResults.From(approved.Failure!);
    }

    private static Task<IResult> RejectAsync(Guid id, Rejection body, CurrentTenant current, PrincipalAccess principal, RequestLifecycle lifecycle, CancellationToken ct) =>
        MoveAsync(current, ct, tenant => lifecycle.RejectAsync(tenant, principal.Actor, id, body.Reason, ct));

    private static Task<IResult> WithdrawAsync(Guid id, CurrentTenant current, PrincipalAccess principal, RequestLifecycle lifecycle, CancellationToken ct) =>
        MoveAsync(current, ct, tenant => lifecycle.WithdrawAsync(tenant, principal.Actor, id, ct));

    private static Task<IResult> AssignAsync(Guid id, Assignment body, CurrentTenant current, PrincipalAccess principal, RequestLifecycle lifecycle, CancellationToken ct) =>
        MoveAsync(current, ct, tenant => lifecycle.AssignAsync(tenant, principal.Actor, id, body.Assignee, ct));

    private static async Task<IResult> GetWebhookAsync(CurrentTenant current, CancellationToken ct) =>
        await current.GetAsync(ct) is { } tenant
            ? TypedResults.Ok(new WebhookView(tenant.StatusWebhookUrl, tenant.StatusWebhookUrl is not null))
            : ProblemResults.UnknownTenant(current.Slug);

    private static async Task<IResult> SetWebhookAsync(WebhookInput body, CurrentTenant current, PrincipalAccess principal, StatusWebhookSettings settings, CancellationToken ct)
    {
        if (await current.GetAsync(ct) is not { } tenant)
        {
            return ProblemResults.UnknownTenant(current.Slug);
        }

        var set = await settings.SetAsync(tenant, principal.Actor, body.Url, ct);
        return set.Succeeded ? TypedResults.Ok(new WebhookSecretView(tenant.StatusWebhookUrl!, set.Value!)) : ProblemResults.From(set.Failure!);
    }

    private static async Task<IResult> RemoveWebhookAsync(CurrentTenant current, PrincipalAccess principal, StatusWebhookSettings settings, CancellationToken ct)
    {
        if (await current.GetAsync(ct) is not { } tenant)
        {
            return ProblemResults.UnknownTenant(current.Slug);
        }

        await settings.RemoveAsync(tenant, principal.Actor, ct);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> MoveAsync(CurrentTenant current, CancellationToken ct, Func<Tenant, Task<Lethe.Common.Outcome<DataRequest>>> move)
    {
        if (await current.GetAsync(ct) is not { } tenant)
        {
            return ProblemResults.UnknownTenant(current.Slug);
        }

        var moved = await move(tenant);
        return moved.Succeeded ? TypedResults.Ok(RequestSummary.Of(moved.Value!)) : ProblemResults.From(moved.Failure!);
    }

    private static async Task<IResult> CreateAsync(NewRequest body, CurrentTenant current, PrincipalAccess principal, RequestRegistration registration, CancellationToken ct)
    {
        if (await current.GetAsync(ct) is not { } tenant)
        {
            return ProblemResults.UnknownTenant(current.Slug);
        }

        if (body.Channel == RequestChannel.PrivacyCentre.ToWire())
        {
            return ProblemResults.From(Lethe.Common.InvalidInput.For("channel", "privacy_centre is the channel of the public form; use api, controller or the channel the request came by."));
        }

        var input = new RequestInput(body.Type ?? "", body.Identities?.Select(i => new Identity(i.Type ?? "", i.Value ?? "")).ToList() ?? [], body.Changes,
            body.Channel, body.Language ?? "en", body.Message, body.IdentityCheck);
        var created = await registration.CreateAsync(tenant, principal.Actor, input, ct);
        if (!created.Succeeded)
        {
            return ProblemResults.From(created.Failure!);
        }

        var view = created.Value!;
        return TypedResults.Created($"/api/v1/tenants/{tenant.Slug}/requests/{view.Request.Id}", RequestDetail.Of(view, []));
    }

    private static async Task<IResult> GetAsync(Guid id, CurrentTenant current, PrincipalAccess principal, RequestQueries requests, CancellationToken ct)
    {
        if (await current.GetAsync(ct) is not { } tenant)
        {
            return ProblemResults.UnknownTenant(current.Slug);
        }

        var view = await requests.ViewAsync(tenant, principal.Actor, id, ct);
        return view is null
            ? ProblemResults.From(new Lethe.Common.NotFound("Request", id.ToString()))
            : TypedResults.Ok(RequestDetail.Of(view, await requests.DeferredAsync(tenant, id, ct), await requests.TimelineAsync(tenant, id, ct)));
    }

    private static async Task<IResult> AnswerAsync(Guid id, HttpContext http, CurrentTenant current, PrincipalAccess principal, AnswerZip answers, CancellationToken ct)
    {
        if (await current.GetAsync(ct) is not { } tenant)
        {
            return ProblemResults.UnknownTenant(current.Slug);
        }

        var answer = await AnswerDownload.SpoolAsync(answers, tenant, principal.Actor, id, ct);
        if (!answer.Succeeded)
        {
            return ProblemResults.From(answer.Failure!);
        }

        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.File(answer.Value!, "application/zip", AnswerDownload.FileName(tenant, id));
    }

    private static async Task<IResult> CompleteAsync(Guid id, Guid step, StepCompletion body, CurrentTenant current, PrincipalAccess principal, ManualTasks manualTasks, CancellationToken ct)
    {
        if (await current.GetAsync(ct) is not { } tenant)
        {
            return ProblemResults.UnknownTenant(current.Slug);
        }

        var completed = await manualTasks.CompleteAsync(tenant, principal.Actor, id, step, body.Note, ct);
        return completed.Succeeded ? TypedResults.Ok(StepView.Of(completed.Value!)) : ProblemResults.From(completed.Failure!);
    }

    private static async Task<IResult> ChooseAsync(Guid id, Guid step, PersonChoice body, CurrentTenant current, PrincipalAccess principal, PersonChoices choices, CancellationToken ct)
    {
        if (await current.GetAsync(ct) is not { } tenant)
        {
            return ProblemResults.UnknownTenant(current.Slug);
        }

        var chosen = await choices.ChooseAsync(tenant, principal.Actor, id, step, body.Collection, body.Key, ct);
        return chosen.Succeeded ? TypedResults.Ok(StepView.Of(chosen.Value!)) : ProblemResults.From(chosen.Failure!);
    }

    /// <summary>The candidate a step's identities matched that the request is about.</summary>
    public sealed record PersonChoice(string? Collection, string? Key);

    private static async Task<IResult> CallbackAsync(string token, HttpRequest request, WebhookCallbacks callbacks, CancellationToken ct)
    {
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, ct);
        var accepted = await callbacks.AcceptAsync(token, request.Headers[WebhookSignature.TimestampHeader], request.Headers[WebhookSignature.SignatureHeader], body.ToArray(), ct);
        return accepted.Succeeded ? TypedResults.NoContent() : ProblemResults.From(accepted.Failure!);
    }

    /// <summary>A request as submitted.</summary>
    private static async Task<IResult> ExtendAsync(Guid id, Extension body, CurrentTenant current, PrincipalAccess principal, RequestExtension extension, CancellationToken ct)
    {
        if (await current.GetAsync(ct) is not { } tenant)
        {
            return ProblemResults.UnknownTenant(current.Slug);
        }

        var extended = await extension.ExtendAsync(tenant, principal.Actor, id, body.Months ?? 0, body.Reason, ct);
        return extended.Succeeded
            ? TypedResults.Ok(new ExtensionView(extended.Value!.Id, extended.Value.DueOn, extended.Value.ExtendedMonths, extended.Value.ExtendedAt))
            : ProblemResults.From(extended.Failure!);
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

    public sealed record StepCompletion(string? Note);

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

    public sealed record StepView(
        Guid Id, string Datastore, string Connector, string Status, int Attempts, DateTime? NextAttemptAt, string? LastError,
        StepOutcome? Outcome, string? Assignee, string? Note, DateTime? CompletedAt)
    {
        public static StepView Of(RequestStep s) => new(
            s.Id, s.Datastore, s.Connector, s.Status, s.Attempts, s.NextAttemptAt, s.LastError,
            StepOutcome.Read(s.OutcomeJson), s.Assignee, s.Note, s.CompletedAt);
    }

    public sealed record DeferredView(string Datastore, DateOnly Due, string Rule, string? LegalReference, DateTime? CompletedAt, string? LastError);
}
