using Lethe.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Lethe.Web.Pages.Tenants;

/// <summary>
/// Issuing an API key. The form is answered with a redirect to the page that shows the secret once, so a form sent
/// twice makes one key (<see cref="FormOnceFilter"/>) and a reload cannot make another.
/// </summary>
[Authorize(Policy = "perm:ApiKeysManage")]
public sealed class NewApiKeyModel(ApiKeyCommands keys) : TenantPage
{
    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public List<string> Scopes { get; set; } = [];

    [BindProperty]
    public int? LifetimeDays { get; set; } = 365;

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var issued = await keys.IssueToShowOnceAsync(Tenant, Actor, Name, Scopes, LifetimeDays, Aborted);
        return issued.Succeeded
            ? Redirect($"/t/{Slug}/api-keys/{issued.Value.Key.Id}/secret")
            : FormFailed(issued.Failure);
    }
}
