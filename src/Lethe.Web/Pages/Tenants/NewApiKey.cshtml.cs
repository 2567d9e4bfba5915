using Lethe.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Lethe.Web.Pages.Tenants;

/// <summary>Issuing an API key; the secret is on this one response only.</summary>
[Authorize(Policy = "perm:ApiKeysManage")]
public sealed class NewApiKeyModel(ApiKeyCommands keys) : ConsolePage
{
    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public List<string> Scopes { get; set; } = [];

    [BindProperty]
    public int? LifetimeDays { get; set; } = 365;

    public string? Slug { get; private set; }

    public ApiKeyIssued? Issued { get; private set; }

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
        var issued = await keys.IssueAsync(t, Actor, Name, Scopes, LifetimeDays, Aborted);
        if (issued.Succeeded)
        {
            Issued = issued.Value;
            Response.Headers.CacheControl = "no-store";
            return Page();
        }

        AddErrors(issued.Failure!);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
