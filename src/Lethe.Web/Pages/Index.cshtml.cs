using Lethe.Tenancy;
using Lethe.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

namespace Lethe.Web.Pages;

/// <summary>The console's start: the tenants the person reaches.</summary>
[Authorize(Policy = "perm:ConsoleAccess")]
public sealed class IndexModel(TenantCommands tenants) : ConsolePage
{
    public IReadOnlyList<Tenant> Tenants { get; private set; } = [];

    public bool CanCreate { get; private set; }

    public async Task OnGetAsync()
    {
        var access = await Principal.GetAsync(Aborted);
        Tenants = await tenants.Visible(access).AsNoTracking().ToListAsync(Aborted);
        CanCreate = access.Has(Permission.TenantCreate);
    }
}
