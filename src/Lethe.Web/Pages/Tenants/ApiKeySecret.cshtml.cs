using Lethe.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Lethe.Web.Pages.Tenants;

/// <summary>A new API key's secret, shown once to the person who made it (<see cref="ApiKeyCommands.ShowOnceAsync"/>).</summary>
[Authorize(Policy = "perm:ApiKeysManage")]
public sealed class ApiKeySecretModel(ApiKeyCommands keys) : TenantPage
{
    public ApiKeyIssued? Issued { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        // Neither the browser nor anything between may keep the page: it holds a secret.
        Response.Headers.CacheControl = "no-store";
        var shown = await keys.ShowOnceAsync(Tenant, Actor, id, Aborted);
        if (shown.Succeeded)
        {
            Issued = shown.Value;
            return Page();
        }

        if (shown.Failure is Lethe.Common.NotFound)
        {
            return NotFound();
        }

        Response.StatusCode = StatusCodes.Status410Gone;
        return Page();
    }
}
