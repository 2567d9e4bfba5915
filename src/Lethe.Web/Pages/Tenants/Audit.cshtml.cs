using Lethe.Audit;
using Lethe.Storage;
using Lethe.Web.Pages.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Lethe.Web.Pages.Tenants;

/// <summary>The tenant's part of the audit log, for auditors and privacy officers.</summary>
[Authorize(Policy = "perm:AuditRead")]
public sealed class TenantAuditModel(LetheDbContext db, AuditReader reader) : TenantPage
{
    public AuditListing? Listing { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? action, string? actor, string? person, string? request, string? from, string? to, long? before)
    {
        var (search, error) = AuditListing.SearchFrom(action, actor, person, request, from, to, before);
        // The tenant query filter limits the entries to this tenant.
        Listing = await AuditListing.LoadAsync($"/t/{Tenant.Slug}/audit", search, db.AuditEntries, db.Requests, reader, Aborted, error) with { Country = Tenant.Country, RequestTyped = request };
        return Page();
    }
}
