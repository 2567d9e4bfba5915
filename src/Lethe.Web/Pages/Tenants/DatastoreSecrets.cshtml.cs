using Lethe.Common;
using Lethe.Connectors;
using Lethe.Tenancy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Lethe.Web.Pages.Tenants;

/// <summary>The tenant's datastore secrets: names listed, values set (never shown) and removed.</summary>
[Authorize(Policy = "perm:DataMapRead")]
public sealed class DatastoreSecretsModel(DatastoreSecrets secrets) : TenantPage
{
    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Value { get; set; }

    public IReadOnlyList<DatastoreSecretInfo> Secrets { get; private set; } = [];

    public IReadOnlyList<string> Errors { get; private set; } = [];

    public bool CanEdit { get; private set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        if (!await MayEditAsync())
        {
            return Forbid();
        }

        var set = await secrets.SetAsync(Tenant, Actor, Name?.Trim(), Value, Aborted);
        if (set.Succeeded)
        {
            return Redirect($"/t/{Tenant.Slug}/data-map/secrets");
        }

        // The value is never sent back into the page, even when it was refused.
        Value = null;
        Errors = set.Failure is InvalidInput invalid ? invalid.Errors.SelectMany(e => e.Value).ToList() : [set.Failure.Detail];
        Response.StatusCode = StatusCodes.Status400BadRequest;
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostRemoveAsync()
    {
        if (!await MayEditAsync())
        {
            return Forbid();
        }

        var removed = await secrets.RemoveAsync(Tenant, Actor, Name ?? "", Aborted);
        return removed.Succeeded ? Redirect($"/t/{Tenant.Slug}/data-map/secrets") : NotFound();
    }

    private async Task LoadAsync()
    {
        CanEdit = await MayEditAsync();
        Secrets = await secrets.ListAsync(Tenant, Aborted);
    }

    private Task<bool> MayEditAsync() => CanAsync(Permission.DataMapEdit);
}
