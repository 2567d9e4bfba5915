using Lethe.Audit;
using Lethe.Storage;
using Lethe.Web.Pages.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Lethe.Web.Pages.Tenants;

/// <summary>The tenant's part of the audit log, for auditors and privacy officers.</summary>
[Authorize(Policy = "perm:AuditRead")]
public sealed class TenantAuditModel(LetheDbContext db) : TenantPage
{
    public AuditListing? Listing { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? action, string? actor, DateTime? from, DateTime? to, long? before)
    {
        var search = new AuditSearch { Action = action, Actor = actor, From = from, To = AuditSearch.ThroughDay(to), Before = before };
        // The tenant query filter limits the entries to this tenant.
        Listing = await AuditListing.LoadAsync($"/t/{Tenant.Slug}/audit", search, db.AuditEntries, Aborted);
        return Page();
    }
}
