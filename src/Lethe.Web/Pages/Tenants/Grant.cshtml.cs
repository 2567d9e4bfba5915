using Lethe.Accounts;
using Lethe.Tenancy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Lethe.Web.Pages.Tenants;

/// <summary>Granting a tenant role, creating the person with a one-time password if they are new.</summary>
[Authorize(Policy = "perm:UsersManage")]
public sealed class GrantRoleModel(UserCommands users) : TenantPage
{
    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public Role Role { get; set; } = Role.Agent;

    public RoleGranted? Granted { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var granted = await users.GrantAsync(await Principal.GetAsync(Aborted), Actor, Email, Role, Tenant, null, Aborted);
        if (granted.Succeeded)
        {
            Granted = granted.Value;
            return Page();
        }

        return FormFailed(granted.Failure);
    }
}
