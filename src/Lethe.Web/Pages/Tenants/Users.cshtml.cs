using Lethe.Accounts;
using Lethe.Tenancy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Lethe.Web.Pages.Tenants;

/// <summary>Who holds which role in the tenant.</summary>
[Authorize(Policy = "perm:UsersRead")]
public sealed class TenantUsersModel(UserCommands users) : TenantPage
{
    public IReadOnlyList<TenantMember> Members { get; private set; } = [];

    public bool CanManage { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        Members = await users.MembersAsync(Tenant.Id, Aborted);
        CanManage = await CanAsync(Permission.UsersManage);
        return Page();
    }
}
