using Lethe.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Lethe.Web.Pages.Tenants;

/// <summary>Issuing an API key; the secret is on this one response only.</summary>
[Authorize(Policy = "perm:ApiKeysManage")]
public sealed class NewApiKeyModel(ApiKeyCommands keys) : TenantPage
{
    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public List<string> Scopes { get; set; } = [];

    [BindProperty]
    public int? LifetimeDays { get; set; } = 365;

    public ApiKeyIssued? Issued { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var issued = await keys.IssueAsync(Tenant, Actor, Name, Scopes, LifetimeDays, Aborted);
        if (issued.Succeeded)
        {
            Issued = issued.Value;
            Response.Headers.CacheControl = "no-store";
            return Page();
        }

        return FormFailed(issued.Failure);
    }
}
