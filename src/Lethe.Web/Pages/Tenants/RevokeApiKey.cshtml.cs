using Lethe.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Lethe.Web.Pages.Tenants;

/// <summary>Revoking an API key, after a confirmation that names the key; another tenant's key (or none) is a 404.</summary>
[Authorize(Policy = "perm:ApiKeysManage")]
public sealed class RevokeApiKeyModel(ApiKeyCommands keys) : TenantPage
{
    [BindProperty(SupportsGet = true)]
    public Guid KeyId { get; set; }

    /// <summary>The key to revoke, of this tenant (the tenant filter sees no other's).</summary>
    public ApiKey Key { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync()
    {
        if (await keys.FindAsync(Tenant, KeyId, Aborted) is not { } key)
        {
            return NotFound();
        }

        Key = key;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var revoked = await keys.RevokeAsync(Tenant, Actor, KeyId, Aborted);
        return revoked.Succeeded ? Redirect($"/t/{Tenant.Slug}/api-keys") : NotFound();
    }
}
