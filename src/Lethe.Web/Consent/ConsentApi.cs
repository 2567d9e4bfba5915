using System.Globalization;
using System.Text.Json;
using Lethe.Audit;
using Lethe.Common;
using Lethe.Consent;
using Lethe.Tenancy;
using Lethe.Web.Api;
using Lethe.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lethe.Web.Consent;

/// <summary>
/// <c>/api/v1/tenants/{tenant}/consent/…</c>: recording consent given or withdrawn (one event or a batch of up to 1,000,
/// all or none), the current state, a subject's history and receipts; and <c>/api/v1/suppression/check</c> for the
/// company's marketing tools.
/// </summary>
public static class ConsentApi
{
    public static RouteGroupBuilder MapConsentApi(this RouteGroupBuilder api)
    {
        var tenant = api.MapTenantGroup();
        tenant.MapGet("/consent/purposes", PurposesAsync).RequirePermission(Permission.ConsentRead)
            .WithSummary("The purposes people consent to, from the data map's activities under legalBasis: consent.");
        tenant.MapPost("/consent/events", RecordAsync).RequirePermission(Permission.ConsentWrite)
            .WithSummary("Record consent given or withdrawn: one event, or {\"events\": [...]} with up to 1000; all are recorded or none. Answers the receipts' ids.");
        tenant.MapGet("/consent/state", StateAsync).RequirePermission(Permission.ConsentRead)
            .WithSummary("What a subject (?subjectType=person|browser&subject=…) has consented to now, per purpose.");
        tenant.MapGet("/consent/history", HistoryAsync).RequirePermission(Permission.ConsentRead)
            .WithSummary("Every consent event of a subject, oldest first (part of an access answer).");
        tenant.MapGet("/consent/receipts/{id:guid}", ReceiptAsync).RequirePermission(Permission.ConsentRead)
            .WithSummary("A consent receipt (Kantara Consent Receipt v1.1 fields, with Lethe's own under \"lethe\").").Produces(StatusCodes.Status200OK, contentType: "application/json");
        tenant.MapPost("/consent/unsubscribe-links", UnsubscribeLinksAsync).RequirePermission(Permission.ConsentWrite)
            .WithSummary("For the newsletter tool: per address (up to 1000) the one-click unsubscribe link and its RFC 8058 headers (List-Unsubscribe, List-Unsubscribe-Post).");
        api.MapPost("/suppression/check", CheckAsync).RequirePermission(Permission.SuppressionCheck)
            .WithSummary("Which of up to 10000 e-mail addresses or phone numbers must not receive marketing (a tenant API key with suppression:check).");
        return api;
    }

    private static async Task<Ok<List<PurposeView>>> PurposesAsync(CurrentTenant current, ConsentLog log, CancellationToken ct) =>
        TypedResults.Ok((await log.PurposesAsync(current.Required, ct))
            .Select(p => new PurposeView(p.Key, p.Kind, p.Title.Values, p.LegalBasis, p.Refusable, p.Processors)).ToList());

    private static async Task<OrProblem<Created<List<RecordedView>>, ValidationProblem>> RecordAsync(
        EventsBody body, CurrentTenant current, PrincipalAccess principal, ConsentLog log, CancellationToken ct)
    {
        var tenant = current.Required;
        var inputs = body.Events is { } events
            ? events.Select(e => e?.ToInput() ?? new ConsentInput(null, null, null, null)).ToList()
            : [new EventBody(body.Subject, body.Action, body.Purposes, body.Channel, body.NoticeVersion, body.TextsHash, body.GlobalPrivacyControl, body.Language).ToInput()];
        var recorded = await log.RecordAsync(tenant, principal.Actor, inputs, ct);
        return recorded.Succeeded
            ? TypedResults.Created($"/api/v1/tenants/{tenant.Slug}/consent/receipts/{recorded.Value[0].Id}",
                recorded.Value.Select(e => new RecordedView(e.Id, $"/api/v1/tenants/{tenant.Slug}/consent/receipts/{e.Id}")).ToList())
            : recorded.Failure;
    }

    private static async Task<OrProblem<Ok<IReadOnlyList<PurposeState>>, ValidationProblem>> StateAsync(
        HttpContext http, CurrentTenant current, ConsentLog log, CancellationToken ct, string? subjectType = null, string? subject = null)
    {
        var tenant = current.Required;
        var state = await log.StateAsync(tenant, subjectType, subject, ct);
        if (state.Succeeded && subjectType == ConsentSubject.Person)
        {
            // A named person's choices are personal data: who read them is kept, as for their history. A browser id is
            // the banner's own pseudonymous read on every page view, and is not; the services for the audit entry are
            // resolved here, not as parameters, so that hot read does not pay for them.
            var principal = http.RequestServices.GetRequiredService<PrincipalAccess>();
            var audit = http.RequestServices.GetRequiredService<AuditLog>();
            await audit.SaveChangesAsync(new AuditEvent(principal.Actor, AuditActions.ConsentStateRead, tenant.Id, $"tenant:{tenant.Slug}"), ct);
        }

        return state.Succeeded ? TypedResults.Ok(state.Value) : state.Failure;
    }

    private static async Task<OrProblem<Ok<List<EventView>>, ValidationProblem>> HistoryAsync(
        CurrentTenant current, PrincipalAccess principal, ConsentLog log, CancellationToken ct, string? subjectType = null, string? subject = null)
    {
        var history = await log.HistoryAsync(current.Required, principal.Actor, subjectType, subject, ct);
        // PurposesJson is written by the consent log from a list, never null.
        return history.Succeeded
            ? TypedResults.Ok(history.Value.Select(e => new EventView(e.Id, e.Action, JsonSerializer.Deserialize<List<string>>(e.PurposesJson)!, e.Channel,
                e.NoticeVersion, e.GlobalPrivacyControl, e.OccurredAt)).ToList())
            : history.Failure;
    }

    private static async Task<OrProblem<ContentHttpResult, NotFoundProblem>> ReceiptAsync(Guid id, CurrentTenant current, ConsentLog log, CancellationToken ct) =>
        await log.ReceiptAsync(current.Required, id, ct) is { } e
            ? TypedResults.Text(e.ReceiptJson, "application/json")
            : new Lethe.Common.NotFound("Receipt", id.ToString());

    private static OrProblem<Ok<List<UnsubscribeLinkView>>, ValidationProblem> UnsubscribeLinksAsync(
        UnsubscribeLinksBody body, CurrentTenant current, Newsletter newsletter)
    {
        var emails = body.Emails ?? [];
        if (emails.Count is 0 or > ConsentInput.MaxBatch)
        {
            return InvalidInput.For("emails", $"Send between 1 and {ConsentInput.MaxBatch} e-mail addresses.");
        }

        var links = new List<UnsubscribeLinkView>();
        foreach (var email in emails)
        {
            var link = newsletter.UnsubscribeLink(current.Required, email);
            if (!link.Succeeded)
            {
                return link.Failure;
            }

            // A null address fails the link above, so this one is set.
            links.Add(new UnsubscribeLinkView(email!, link.Value, $"<{link.Value}>", "List-Unsubscribe=One-Click"));
        }

        return TypedResults.Ok(links);
    }

    private static async Task<OrProblem<Ok<SuppressionAnswer>, ValidationProblem>> CheckAsync(
        SuppressionQuestion body, PrincipalAccess principal, TenantCommands tenants, SuppressionList suppression, AuditLog audit, CancellationToken ct)
    {
        if (principal.TenantOfKey is not { } tenantId || await tenants.FindByIdAsync(tenantId, ct) is not { } tenant)
        {
            return InvalidInput.For("authorization", "Ask with a tenant API key that has the suppression:check scope: the list is the tenant's.");
        }

        var addresses = body.Addresses ?? [];
        if (addresses.Count is 0 or > SuppressionList.MaxCheck || addresses.Any(a => a is null || a.Length > 320))
        {
            return InvalidInput.For("addresses",
                $"Send between 1 and {SuppressionList.MaxCheck} e-mail addresses or phone numbers, each at most 320 characters.");
        }

        var answers = await suppression.CheckAsync(tenant, addresses, ct);
        await audit.SaveChangesAsync(new AuditEvent(principal.Actor, AuditActions.SuppressionChecked, tenant.Id, $"tenant:{tenant.Slug}", new Dictionary<string, string?>
        {
            ["asked"] = addresses.Count.ToString(CultureInfo.InvariantCulture),
            ["suppressed"] = answers.Count(a => a).ToString(CultureInfo.InvariantCulture),
        }), ct);
        return TypedResults.Ok(new SuppressionAnswer(addresses.Where((_, i) => answers[i]).ToList(), addresses.Count));
    }

    public sealed record SubjectBody(string? Type, string? Value);

    public sealed record EventBody(
        SubjectBody? Subject, string? Action, IReadOnlyList<string>? Purposes, string? Channel, int? NoticeVersion, string? TextsHash, bool? GlobalPrivacyControl, string? Language)
    {
        public ConsentInput ToInput() => new(Subject?.Type, Subject?.Value, Action, Purposes, Channel ?? ConsentInput.ApiChannel, NoticeVersion, TextsHash,
            GlobalPrivacyControl ?? false, Language);
    }

    /// <summary>One event, or a batch under "events".</summary>
    public sealed record EventsBody(
        IReadOnlyList<EventBody?>? Events, SubjectBody? Subject, string? Action, IReadOnlyList<string>? Purposes, string? Channel, int? NoticeVersion,
        string? TextsHash, bool? GlobalPrivacyControl, string? Language);

    public sealed record RecordedView(Guid Receipt, string Url);

    public sealed record PurposeView(string Key, string Kind, IReadOnlyDictionary<string, string> Title, string LegalBasis, bool Refusable, IReadOnlyList<string> Processors);

    public sealed record EventView(Guid Receipt, string Action, IReadOnlyList<string> Purposes, string Channel, int? NoticeVersion, bool GlobalPrivacyControl, DateTime OccurredAt);

    public sealed record SuppressionQuestion(IReadOnlyList<string>? Addresses);

    public sealed record UnsubscribeLinksBody(IReadOnlyList<string?>? Emails);

    /// <summary>The link, and the two headers to put in every message to the address (RFC 8058).</summary>
    public sealed record UnsubscribeLinkView(string Email, string Url, string ListUnsubscribe, string ListUnsubscribePost);

    /// <summary>The addresses (as sent) that must not receive marketing, of how many asked.</summary>
    public sealed record SuppressionAnswer(IReadOnlyList<string> Suppressed, int Checked);
}
