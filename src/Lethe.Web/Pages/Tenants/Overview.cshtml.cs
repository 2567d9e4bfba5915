using Lethe.Tenancy;
using Lethe.Work;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Lethe.Web.Pages.Tenants;

/// <summary>A tenant's identity as a data controller, and the background work that failed and waits for someone.</summary>
[Authorize(Policy = "perm:TenantRead")]
public sealed class TenantOverviewModel(StalledWork stalled) : TenantPage
{
    public SupervisoryAuthority? Authority { get; private set; }

    public bool CanEdit { get; private set; }

    /// <summary>Shown to those who may see requests: the steps name datastores and lead to the request.</summary>
    public IReadOnlyList<StalledJob> Stalled { get; private set; } = [];

    public bool CanRetry { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostRetryAsync(JobKind kind, Guid id)
    {
        if (!await CanAsync(Permission.RequestsManage))
        {
            return Forbid(CookieScheme);
        }

        var retried = await stalled.RetryAsync(Tenant.Id, kind, id, Actor, Aborted);
        if (retried.Succeeded)
        {
            return Redirect($"/t/{Tenant.Slug}#work");
        }

        await LoadAsync();
        return FormFailed(retried.Failure);
    }

    private async Task LoadAsync()
    {
        var authority = SupervisoryAuthority.DefaultFor(Tenant.Country);
        Authority = authority?.Name == Tenant.SupervisoryAuthority ? authority : null;
        CanEdit = await CanAsync(Permission.TenantEdit);
        CanRetry = await CanAsync(Permission.RequestsManage);
        if (await CanAsync(Permission.RequestsRead))
        {
            Stalled = await stalled.ForTenantAsync(Tenant.Id, Aborted);
        }
    }
}
