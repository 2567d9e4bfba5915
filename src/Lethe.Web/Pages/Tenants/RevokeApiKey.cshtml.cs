using Lethe.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Lethe.Web.Pages.Tenants;

/// <summary>Revoking an API key, after a confirmation.</summary>
[Authorize(Policy = "perm:ApiKeysManage")]
public sealed class RevokeApiKeyModel(ApiKeyCommands keys) : TenantPage
{
    [BindProperty(SupportsGet = true)]
    public Guid KeyId { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var revoked = await keys.RevokeAsync(Tenant, Actor, KeyId, Aborted);
        return revoked.Succeeded ? Redirect($"/t/{Tenant.Slug}/api-keys") : NotFound();
    }
}
