using Lethe.Notices;
using Lethe.Tenancy;
using Lethe.Web.Api;
using Lethe.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lethe.Web.Notices;

/// <summary><c>/api/v1/tenants/{tenant}/notices</c>: publishing the privacy notice, its versions, and the check against the rules in force.</summary>
public static class NoticesApi
{
    public static RouteGroupBuilder MapNoticesApi(this RouteGroupBuilder api)
    {
        var tenant = api.MapTenantGroup();
        tenant.MapGet("/notices", ListAsync).RequirePermission(Permission.DataMapRead)
            .WithSummary("Published versions of the privacy notice, newest first.");
        tenant.MapPost("/notices", PublishAsync).RequirePermission(Permission.DataMapEdit)
            .WithSummary("Publish the notice rendered from the data map in force as the next version. It asks for consent again when the consent purposes' texts or recipients changed, or with ?askConsentAgain=true.");
        tenant.MapGet("/notices/check", CheckAsync).RequirePermission(Permission.DataMapRead)
            .WithSummary("Whether the published notice states the periods, recipients and categories in force; each drift listed.");
        return api;
    }

    private static async Task<Ok<List<VersionView>>> ListAsync(CurrentTenant current, NoticeCommands notices, CancellationToken ct) =>
        TypedResults.Ok((await notices.VersionsAsync(current.Required, ct)).Select(v => VersionView.Of(v, current.Required.Slug)).ToList());

    private static async Task<OrProblem<Created<VersionView>, NotFoundProblem>> PublishAsync(
        CurrentTenant current, PrincipalAccess principal, NoticeCommands notices, CancellationToken ct, bool askConsentAgain = false)
    {
        var tenant = current.Required;
        var published = await notices.PublishAsync(tenant, principal.Actor, askConsentAgain, ct);
        return published.Succeeded
            ? TypedResults.Created($"/p/{tenant.Slug}/privacy/v/{published.Value.Number}", VersionView.Of(published.Value, tenant.Slug))
            : published.Failure;
    }

    private static async Task<Ok<NoticeDrift>> CheckAsync(CurrentTenant current, NoticeCommands notices, CancellationToken ct) =>
        TypedResults.Ok(await notices.CheckAsync(current.Required, ct));

    /// <summary>A published version as the API lists it.</summary>
    /// <param name="AsksConsentAgain">A material change for consent: people who consented under an earlier version are asked again.</param>
    public sealed record VersionView(
        int Number, int DataMapRevision, DateTime PublishedAt, string? PublishedBy, IReadOnlyList<string> Languages, string Url, bool AsksConsentAgain)
    {
        public static VersionView Of(NoticeVersion v, string slug) => new(
            v.Number, v.DataMapRevision, v.PublishedAt, v.PublishedBy, NoticeCommands.Content(v).Keys.ToList(), $"/p/{slug}/privacy/v/{v.Number}",
            v.AsksConsentAgain);
    }
}
