using Lethe.Tenancy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Lethe.Web.Pages.Tenants;

/// <summary>A tenant's identity as a data controller.</summary>
[Authorize(Policy = "perm:TenantRead")]
public sealed class TenantOverviewModel : TenantPage
{
    public SupervisoryAuthority? Authority { get; private set; }

    public bool CanEdit { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var authority = SupervisoryAuthority.DefaultFor(Tenant.Country);
        Authority = authority?.Name == Tenant.SupervisoryAuthority ? authority : null;
        CanEdit = await CanAsync(Permission.TenantEdit);
        return Page();
    }
}
