using Lethe.Accounts;
using Lethe.Tenancy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Lethe.Web.Pages.Tenants;

/// <summary>Revoking one tenant role, after a confirmation.</summary>
[Authorize(Policy = "perm:UsersManage")]
public sealed class RevokeRoleModel(UserCommands users) : ConsolePage
{
    [BindProperty(SupportsGet = true)]
    public string UserId { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? Role { get; set; }

    public string? Slug { get; private set; }

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
        if (!Enum.TryParse<Role>(Role, out var role))
        {
            return NotFound();
        }

        var revoked = await users.RevokeAsync(await Principal.GetAsync(Aborted), Actor, t, UserId, role, Aborted);
        if (revoked.Succeeded)
        {
            return Redirect($"/t/{t.Slug}/users");
        }

        AddErrors(revoked.Failure!);
        Response.StatusCode = revoked.Failure is Lethe.Common.NotAllowed ? StatusCodes.Status403Forbidden : StatusCodes.Status404NotFound;
        return Page();
    }
}
