using Lethe.Notices;
using Lethe.Tenancy;
using Lethe.Web.Api;
using Lethe.Web.Security;

namespace Lethe.Web.Notices;

/// <summary><c>/api/v1/tenants/{tenant}/notices</c>: publishing the privacy notice, its versions, and the check against the rules in force.</summary>
public static class NoticesApi
{
    public static RouteGroupBuilder MapNoticesApi(this RouteGroupBuilder api)
    {
        api.MapGet("/tenants/{tenant}/notices", ListAsync).RequirePermission(Permission.DataMapRead)
            .WithSummary("Published versions of the privacy notice, newest first.").Produces<List<VersionView>>();
        api.MapPost("/tenants/{tenant}/notices", PublishAsync).RequirePermission(Permission.DataMapEdit)
            .WithSummary("Publish the notice rendered from the data map in force as the next version. It asks for consent again when the consent purposes' texts or recipients changed, or with ?askConsentAgain=true.")
            .Produces<VersionView>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/tenants/{tenant}/notices/check", CheckAsync).RequirePermission(Permission.DataMapRead)
            .WithSummary("Whether the published notice states the periods, recipients and categories in force; each drift listed.")
            .Produces<NoticeDrift>();
        return api;
    }

    private static async Task<IResult> ListAsync(CurrentTenant current, NoticeCommands notices, CancellationToken ct) =>
        await current.GetAsync(ct) is { } tenant
            ? TypedResults.Ok((await notices.VersionsAsync(tenant, ct)).Select(v => VersionView.Of(v, tenant.Slug)).ToList())
            : ProblemResults.UnknownTenant(current.Slug);

    private static async Task<IResult> PublishAsync(
        CurrentTenant current, PrincipalAccess principal, NoticeCommands notices, CancellationToken ct, bool askConsentAgain = false)
    {
        if (await current.GetAsync(ct) is not { } tenant)
        {
            return ProblemResults.UnknownTenant(current.Slug);
        }

        var published = await notices.PublishAsync(tenant, principal.Actor, askConsentAgain, ct);
        return published.Succeeded
            ? TypedResults.Created($"/p/{tenant.Slug}/privacy/v/{published.Value.Number}", VersionView.Of(published.Value, tenant.Slug))
            : ProblemResults.From(published.Failure);
    }

    private static async Task<IResult> CheckAsync(CurrentTenant current, NoticeCommands notices, CancellationToken ct) =>
        await current.GetAsync(ct) is { } tenant ? TypedResults.Ok(await notices.CheckAsync(tenant, ct)) : ProblemResults.UnknownTenant(current.Slug);

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
