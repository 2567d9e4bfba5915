using Lethe.Accounts;
using Lethe.Tenancy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Lethe.Web.Pages.Tenants;

/// <summary>The tenant's API keys: names, scopes, hints and last use; never secrets.</summary>
[Authorize(Policy = "perm:ApiKeysRead")]
public sealed class ApiKeysModel(ApiKeyCommands keys) : TenantPage
{
    public IReadOnlyList<ApiKey> Keys { get; private set; } = [];

    public bool CanManage { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        Keys = await keys.ListAsync(Tenant, Aborted);
        CanManage = await CanAsync(Permission.ApiKeysManage);
        return Page();
    }
}
