using System.Globalization;
using Lethe.DataMap;
using Lethe.Processors;
using Lethe.Tenancy;
using Lethe.Web.Api;
using Lethe.Web.Security;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lethe.Web.Processors;

/// <summary>
/// Processors and sub-processors (Art. 28) under <c>/api/v1/tenants/{tenant}</c>: the processor tenant's agreements
/// and their documents, the sub-processor changes with customers' objections and the breach notices to controllers;
/// the customer tenant's link to the tenant serving it, its sub-processors, its objections and the notices it received.
/// </summary>
public static class ProcessorsApi
{
    public static RouteGroupBuilder MapProcessorsApi(this RouteGroupBuilder api)
    {
        var tenant = api.MapTenantGroup();
        tenant.MapGet("/processors", ListAsync).RequirePermission(Permission.ProcessorsRead)
            .WithSummary("The data map's processors with their agreements: date, reference, review date, notice period and the document kept; missing agreements are marked.");
        tenant.MapGet("/processors/due-for-review", DueAsync).RequirePermission(Permission.ProcessorsRead)
            .WithSummary("The agreements whose review date falls on or before 'by' (yyyy-MM-dd; default today), earliest first.");
        tenant.MapPut("/processors/{key}/agreement", UploadAsync).RequirePermission(Permission.ProcessorsManage)
            // No Accepts metadata: routing would answer 415 to another content type before authorization had refused the caller.
            .WithSummary("Keep the signed agreement with a processor: the body is the PDF (Content-Type application/pdf, at most 10 MB), 'fileName' names it. Audited with its SHA-256.");
        tenant.MapGet("/processors/{key}/agreement", DownloadAsync).RequirePermission(Permission.ProcessorsRead)
            .Produces(StatusCodes.Status200OK, contentType: AgreementDocuments.Pdf)
            .WithSummary("The newest signed agreement with a processor, as kept; each download is audited.");
        tenant.MapGet("/sub-processor-changes", ChangesAsync).RequirePermission(Permission.ProcessorsRead)
            .WithSummary("The sub-processor changes this tenant announced, newest first, each with the customers told and their objections.");
        tenant.MapPut("/served-by", ServedByAsync).RequirePermission(Permission.TenantEdit)
            .WithSummary("Link this customer tenant to the tenant that serves it as processor (its slug; null to unlink), with its key in the processor's is: customer collections. The caller must be able to edit both.");
        tenant.MapGet("/sub-processors", SubProcessorsAsync).RequirePermission(Permission.ProcessorNoticesRead)
            .WithSummary("As a customer: the tenant serving it, its sub-processors for this customer — in use, or announced and not used until the change takes effect (a replaced one in use until then) — and the changes announced.");
        tenant.MapPost("/sub-processors/notices/{id:guid}/objection", ObjectAsync).RequirePermission(Permission.SubProcessorsObject)
            .WithSummary("As a customer: object to an announced change, with the reason, before it takes effect (Art. 28(2)).");
        tenant.MapGet("/processor-breach-notices", ReceivedAsync).RequirePermission(Permission.ProcessorNoticesRead)
            .WithSummary("As a controller: the breach notices the tenant serving it sent, newest first, with what is needed for the controller's own Art. 33 notification.");
        tenant.MapPost("/breaches/{id:guid}/controller-notices", SendAsync).RequirePermission(Permission.BreachesManage)
            .WithSummary("As processor: tell the controllers a breach concerns (Art. 33(2)) — every customer served and not yet told, or those named with their counts.");
        tenant.MapGet("/breaches/{id:guid}/controller-notices", SentAsync).RequirePermission(Permission.BreachesRead)
            .WithSummary("The notices sent to controllers for a breach, each with the time it was sent.");
        return api;
    }

    private static async Task<Ok<List<AgreementView>>> ListAsync(CurrentTenant current, AgreementDocuments agreements, TimeProvider time, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        return TypedResults.Ok((await agreements.StatusAsync(current.Required, ct)).Select(a => AgreementView.Of(a, today)).ToList());
    }

    private static async Task<OrProblem<Ok<List<AgreementView>>, ValidationProblem>> DueAsync(
        string? by, CurrentTenant current, AgreementDocuments agreements, DataMapCommands dataMap, TimeProvider time, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var day = today;
        if (by is not null && !DateOnly.TryParseExact(by, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day))
        {
            return Lethe.Common.InvalidInput.For("by", $"'{by}' is not a date written yyyy-MM-dd.");
        }

        var tenant = current.Required;
        var manifest = await dataMap.CurrentManifestAsync(tenant, ct);
        var due = manifest is null ? [] : ProcessorAgreements.DueForReview(manifest, await agreements.ListAsync(tenant, ct), day);
        return TypedResults.Ok(due.Select(a => AgreementView.Of(a, today)).ToList());
    }

    private static async Task<OrProblem<Created<StoredAgreement>, ValidationProblem, NotFoundProblem>> UploadAsync(
        string key, string? fileName, HttpRequest request, CurrentTenant current, PrincipalAccess principal, AgreementDocuments agreements, CancellationToken ct)
    {
        // The server takes 1 MB bodies; a signed, scanned agreement may be larger, so this endpoint alone takes up to its own limit.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = AgreementDocuments.MaxSize + 1;
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, ct);
        var tenant = current.Required;
        var stored = await agreements.UploadAsync(tenant, principal.Actor, key, fileName, request.ContentType, buffer.ToArray(), ct);
        return stored.Succeeded
            ? TypedResults.Created($"/api/v1/tenants/{tenant.Slug}/processors/{Uri.EscapeDataString(key)}/agreement", stored.Value)
            : stored.Failure;
    }

    private static async Task<OrProblem<FileContentHttpResult, NotFoundProblem>> DownloadAsync(
        string key, CurrentTenant current, PrincipalAccess principal, AgreementDocuments agreements, CancellationToken ct)
    {
        var document = await agreements.DownloadAsync(current.Required, principal.Actor, key, ct);
        return document.Succeeded ? TypedResults.File(document.Value.Content, AgreementDocuments.Pdf, document.Value.FileName) : document.Failure;
    }

    private static async Task<Ok<List<ChangeView>>> ChangesAsync(CurrentTenant current, SubProcessorNotices notices, CancellationToken ct) =>
        TypedResults.Ok((await notices.ForProcessorAsync(current.Required, ct)).Select(ChangeView.Of).ToList());

    private static async Task<OrProblem<Ok<ServedByView>, ValidationProblem, NotFoundProblem, ConflictProblem>> ServedByAsync(
        ServedByBody body, CurrentTenant current, PrincipalAccess principal, ServedByCommands servedBy, CancellationToken ct)
    {
        var set = await servedBy.SetAsync(await principal.GetAsync(ct), principal.Actor, current.Required, body.Processor, ct, body.CustomerKey);
        return set.Succeeded ? TypedResults.Ok(new ServedByView(set.Value.Slug, body.Processor?.Trim() is { Length: > 0 } p ? p : null, set.Value.CustomerKey)) : set.Failure;
    }

    private static async Task<Ok<CustomerView>> SubProcessorsAsync(CurrentTenant current, SubProcessorNotices notices, TimeProvider time, CancellationToken ct)
    {
        var tenant = current.Required;
        var seen = await notices.ForCustomerAsync(tenant, ct);
        return TypedResults.Ok(CustomerView.Of(seen, ControllerLanguage(tenant), time.GetUtcNow().UtcDateTime));
    }

    private static async Task<OrProblem<Ok<NoticeView>, ValidationProblem, NotFoundProblem, ConflictProblem>> ObjectAsync(
        Guid id, ObjectionBody body, CurrentTenant current, PrincipalAccess principal, SubProcessorNotices notices, TimeProvider time, CancellationToken ct)
    {
        var made = await notices.ObjectAsync(current.Required, principal.Actor, id, body.Reason, ct);
        return made.Succeeded ? TypedResults.Ok(NoticeView.Of(made.Value, time.GetUtcNow().UtcDateTime)) : made.Failure;
    }

    private static async Task<Ok<List<ReceivedView>>> ReceivedAsync(CurrentTenant current, ControllerBreachNotices notices, CancellationToken ct) =>
        TypedResults.Ok((await notices.ForControllerAsync(current.Required, ct)).Select(r => new ReceivedView(
            r.Notice.Id, r.Processor.Slug, r.Processor.Name, r.Notice.BreachId, r.Notice.SentAt, r.Notice.People, r.Notice.Records, r.Notice.Language, r.Notice.Markdown)).ToList());

    private static async Task<OrProblem<Created<List<SentView>>, ValidationProblem, NotFoundProblem, ConflictProblem>> SendAsync(
        Guid id, SendBody body, CurrentTenant current, PrincipalAccess principal, ControllerBreachNotices notices, CancellationToken ct)
    {
        var tenant = current.Required;
        var sent = await notices.SendAsync(tenant, principal.Actor, id, body.Controllers?.Select(c => new ControllerCount(c?.Tenant, c?.People, c?.Records)).ToList(), ct);
        return sent.Succeeded
            ? TypedResults.Created($"/api/v1/tenants/{tenant.Slug}/breaches/{id}/controller-notices", sent.Value.Select(SentView.Of).ToList())
            : sent.Failure;
    }

    private static async Task<Ok<List<SentView>>> SentAsync(Guid id, CurrentTenant current, ControllerBreachNotices notices, CancellationToken ct) =>
        TypedResults.Ok((await notices.ForBreachAsync(current.Required, id, ct)).Select(SentView.Of).ToList());

    private static string ControllerLanguage(Tenant tenant) => Lethe.Breaches.AuthorityNotification.LanguageFor(tenant.Country);

    public sealed record AgreementView(
        string Key, string Name, string Role, string Location, DateOnly? AgreementDate, string? AgreementReference, DateOnly? ReviewDate,
        string NoticePeriod, bool AgreementNeeded, bool AgreementMissing, bool DueForReview, StoredAgreement? Document)
    {
        public static AgreementView Of(AgreementStatus a, DateOnly today) => new(
            a.Processor.Key, a.Processor.Name, a.Processor.Role, a.Processor.Location, a.Processor.AgreementDate, a.Processor.AgreementReference,
            a.Processor.ReviewDate, a.Processor.NoticePeriod ?? "P30D", a.Needed, a.Missing, a.Processor.ReviewDate <= today, a.Document);
    }

    public sealed record ObjectionView(string Tenant, string Name, DateTime OpenedAt, int Mailed, DateTime? ObjectedAt, string? ObjectedBy, string? Objection);

    public sealed record ChangeView(Guid Id, string Key, string Name, string Location, string? Replaces, int DataMapRevision, DateTime OpenedAt, DateTime EffectiveAt, IReadOnlyList<ObjectionView> Customers)
    {
        public static ChangeView Of(ChangeWithObjections c) => new(c.Change.Id, c.Change.ProcessorKey, c.Change.Name, c.Change.Location, c.Change.Replaces,
            c.Change.DataMapRevision, c.Change.OpenedAt, c.Change.EffectiveAt,
            c.Customers.Select(x => new ObjectionView(x.Customer.Slug, x.Customer.Name, x.Notice.OpenedAt, x.Notice.Mailed, x.Notice.ObjectedAt, x.Notice.ObjectedBy, x.Notice.Objection)).ToList());
    }

    /// <param name="CustomerKey">This customer's key in the processor's <c>is: customer</c> collections (its customer number there), so breaches are counted for it.</param>
    public sealed record ServedByBody(string? Processor, string? CustomerKey = null);

    public sealed record ServedByView(string Tenant, string? ServedBy, string? CustomerKey);

    public sealed record ObjectionBody(string? Reason);

    /// <param name="InUse">Whether it may be used for the customer's data now: false while the change that announced it has not taken effect.</param>
    /// <param name="EffectiveAt">For one announced: when it takes effect.</param>
    /// <param name="InUseUntil">For one an announced change replaces: in use, under this name and location, until then.</param>
    public sealed record SubProcessorView(string Key, string Name, string Service, string Location, bool InUse, DateTime? EffectiveAt, DateTime? InUseUntil);

    public sealed record NoticeView(Guid Id, string Key, string Name, string Location, string? Replaces, DateTime OpenedAt, DateTime EffectiveAt, bool MayObject, DateTime? ObjectedAt, string? Objection)
    {
        public static NoticeView Of(SubProcessorNotice n, DateTime now) =>
            new(n.Id, n.ProcessorKey, n.Name, n.Location, n.Replaces, n.OpenedAt, n.EffectiveAt, n.MayObject(now), n.ObjectedAt, n.Objection);
    }

    public sealed record CustomerView(string? ServedBy, string? ServedByName, IReadOnlyList<SubProcessorView> SubProcessors, IReadOnlyList<NoticeView> Notices)
    {
        public static CustomerView Of(CustomerSubProcessors c, string language, DateTime now) => new(c.Processor?.Slug, c.Processor?.Name,
            c.SubProcessors.Select(s => new SubProcessorView(s.Processor.Key, s.Processor.Name, s.Processor.Service.For(language, "en"), s.Processor.Location,
                s.InUse, s.TakesEffectAt, s.InUseUntil)).ToList(),
            c.Notices.Select(n => NoticeView.Of(n, now)).ToList());
    }

    public sealed record ControllerBody(string? Tenant, long? People, long? Records);

    public sealed record SendBody(IReadOnlyList<ControllerBody?>? Controllers);

    public sealed record SentView(Guid Id, string Tenant, string Name, DateTime SentAt, string? SentBy, long? People, long? Records, int Mailed, string Language)
    {
        public static SentView Of(SentNotice s) => new(s.Notice.Id, s.Controller.Slug, s.Controller.Name, s.Notice.SentAt, s.Notice.SentBy,
            s.Notice.People, s.Notice.Records, s.Notice.Mailed, s.Notice.Language);
    }

    public sealed record ReceivedView(Guid Id, string Processor, string ProcessorName, Guid BreachId, DateTime SentAt, long? People, long? Records, string Language, string Markdown);
}
