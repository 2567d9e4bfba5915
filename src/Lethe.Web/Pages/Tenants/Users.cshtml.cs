using Lethe.Accounts;
using Lethe.Tenancy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Lethe.Web.Pages.Tenants;

/// <summary>Who holds which role in the tenant.</summary>
[Authorize(Policy = "perm:UsersRead")]
public sealed class TenantUsersModel(UserCommands users) : ConsolePage
{
    public IReadOnlyList<TenantMember> Members { get; private set; } = [];

    public string? Slug { get; private set; }

    public bool CanManage { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (await TenantAsync() is not { } t)
        {
            return TenantNotFound();
        }

        Slug = t.Slug;
        Members = await users.MembersAsync(t.Id, Aborted);
        CanManage = await CanAsync(Permission.UsersManage);
        return Page();
    }
}
