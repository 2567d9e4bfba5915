using Lethe.Audit;
using Lethe.Storage;
using Lethe.Web.Pages.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

namespace Lethe.Web.Pages.Platform;

/// <summary>Every entry of the audit log, across tenants: for platform admins.</summary>
[Authorize(Policy = "perm:PlatformAdminister")]
public sealed class PlatformAuditModel(LetheDbContext db, AuditReader reader) : ConsolePage
{
    public AuditListing? Listing { get; private set; }

    public async Task OnGetAsync(string? action, string? actor, string? person, string? request, string? from, string? to, long? before)
    {
        var (search, error) = AuditListing.SearchFrom(action, actor, person, request, from, to, before);
        Listing = await AuditListing.LoadAsync("/audit", search, db.AuditEntries.IgnoreQueryFilters(), db.Requests.IgnoreQueryFilters(), reader, Aborted, error) with { RequestTyped = request };
    }
}
