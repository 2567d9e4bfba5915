using Lethe.Accounts;
using Lethe.Tenancy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Lethe.Web.Pages.Tenants;

/// <summary>Revoking one tenant role, after a confirmation.</summary>
[Authorize(Policy = "perm:UsersManage")]
public sealed class RevokeRoleModel(UserCommands users) : TenantPage
{
    [BindProperty(SupportsGet = true)]
    public string UserId { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? Role { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!Enum.TryParse<Role>(Role, out var role))
        {
            return NotFound();
        }

        var revoked = await users.RevokeAsync(await Principal.GetAsync(Aborted), Actor, Tenant, UserId, role, Aborted);
        if (revoked.Succeeded)
        {
            return Redirect($"/t/{Tenant.Slug}/users");
        }

        return FormFailed(revoked.Failure);
    }
}
