using Lethe.DataMap;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Lethe.Web.Pages.Tenants;

/// <summary>Pasting a manifest: validated, errors shown with their lines, imported as the next revision when valid.</summary>
[Authorize(Policy = "perm:DataMapEdit")]
public sealed class ImportDataMapModel(DataMapCommands dataMap) : TenantPage
{
    [BindProperty]
    public string? Yaml { get; set; }

    public IReadOnlyList<ManifestError> Errors { get; private set; } = [];

    public async Task OnGetAsync() => Yaml = (await dataMap.CurrentAsync(Tenant, Aborted))?.Yaml ?? "";

    public async Task<IActionResult> OnPostAsync()
    {
        var imported = await dataMap.ImportAsync(Tenant, Actor, Yaml ?? "", $"{Tenant.Slug}.yaml", Aborted);
        if (imported.Succeeded)
        {
            return Redirect($"/t/{Tenant.Slug}/data-map");
        }

        Errors = (imported.Failure as InvalidManifest)?.Errors ?? [];
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
