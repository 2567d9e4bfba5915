using Lethe.Accounts;
using Lethe.Tenancy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Lethe.Web.Pages.Tenants;

/// <summary>Granting a tenant role, creating the person with a one-time password if they are new.</summary>
[Authorize(Policy = "perm:UsersManage")]
public sealed class GrantRoleModel(UserCommands users) : ConsolePage
{
    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public Role Role { get; set; } = Role.Agent;

    public string? Slug { get; private set; }

    public RoleGranted? Granted { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (await TenantAsync() is not { } t)
        {
            return TenantNotFound();
        }

        Slug = t.Slug;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (await TenantAsync() is not { } t)
        {
            return TenantNotFound();
        }

        Slug = t.Slug;
        var granted = await users.GrantAsync(await Principal.GetAsync(Aborted), Actor, Email, Role, t, null, Aborted);
        if (granted.Succeeded)
        {
            Granted = granted.Value;
            return Page();
        }

        AddErrors(granted.Failure!);
        Response.StatusCode = granted.Failure is Lethe.Common.NotAllowed ? StatusCodes.Status403Forbidden : StatusCodes.Status400BadRequest;
        return Page();
    }
}
