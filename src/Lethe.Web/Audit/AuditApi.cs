using Lethe.Audit;
using Lethe.Storage;
using Lethe.Tenancy;
using Lethe.Web.Api;
using Lethe.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Lethe.Web.Audit;

/// <summary><c>/api/v1/tenants/{tenant}/audit</c> and the platform-wide <c>/api/v1/audit</c>.</summary>
public static class AuditApi
{
    public static RouteGroupBuilder MapAuditApi(this RouteGroupBuilder api)
    {
        api.MapTenantGroup().MapGet("/audit", TenantLogAsync).RequirePermission(Permission.AuditRead)
            .WithSummary("The tenant's audit entries, newest first; page with 'before' = the last sequence you saw.");
        api.MapGet("/audit", PlatformLogAsync).RequirePermission(Permission.PlatformAdminister)
            .WithSummary("Every audit entry of the platform, newest first.");
        return api;
    }

    // The tenant query filter narrows the log to the route's tenant, which the group's filter has entered.
    private static Task<OrProblem<Ok<AuditPage>, ValidationProblem>> TenantLogAsync([AsParameters] AuditQuery query, LetheDbContext db, CancellationToken ct) =>
        PageAsync(query.ToSearch(), db.AuditEntries.AsNoTracking(), ct);

    private static Task<OrProblem<Ok<AuditPage>, ValidationProblem>> PlatformLogAsync([AsParameters] AuditQuery query, LetheDbContext db, CancellationToken ct) =>
        PageAsync(query.ToSearch(), db.AuditEntries.IgnoreQueryFilters().AsNoTracking(), ct);

    private static async Task<OrProblem<Ok<AuditPage>, ValidationProblem>> PageAsync(AuditSearch search, IQueryable<AuditEntry> entries, CancellationToken ct)
    {
        var errors = search.Validate();
        if (errors.Any)
        {
            return errors.ToFailure();
        }

        var page = await search.Apply(entries).ToListAsync(ct);
        var next = page.Count == search.Limit ? page[^1].Sequence : (long?)null;
        return TypedResults.Ok(new AuditPage(page, next));
    }

    /// <summary>Query string of the audit endpoints.</summary>
    /// <remarks>Properties rather than a positional record: the request delegate generator cannot write the constructor
    /// lookup of a record whose parameters are nullable references.</remarks>
    public sealed class AuditQuery
    {
        public string? Action { get; init; }
        public string? Actor { get; init; }
        public string? Target { get; init; }
        public DateTime? From { get; init; }
        public DateTime? To { get; init; }
        public long? Before { get; init; }
        public int? Limit { get; init; }

        public AuditSearch ToSearch() => new()
        {
            Action = Action, Actor = Actor, Target = Target, From = From, To = To, Before = Before, Limit = Limit ?? 50,
        };
    }

    /// <summary><see cref="NextBefore"/> is the value of 'before' for the next page, or null on the last.</summary>
    public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, long? NextBefore);
}
