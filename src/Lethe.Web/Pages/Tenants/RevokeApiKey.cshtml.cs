using Lethe.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Lethe.Web.Pages.Tenants;

/// <summary>Revoking an API key, after a confirmation.</summary>
[Authorize(Policy = "perm:ApiKeysManage")]
public sealed class RevokeApiKeyModel(ApiKeyCommands keys) : ConsolePage
{
    [BindProperty(SupportsGet = true)]
    public Guid KeyId { get; set; }

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

        var revoked = await keys.RevokeAsync(t, Actor, KeyId, Aborted);
        return revoked.Succeeded ? Redirect($"/t/{t.Slug}/api-keys") : NotFound();
    }
}
