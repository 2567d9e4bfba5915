using Lethe.Notices;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Lethe.Web.Pages.Tenants;

/// <summary>Publishing the next version of the privacy notice, after a confirmation.</summary>
[Authorize(Policy = "perm:DataMapEdit")]
public sealed class PublishNoticeModel(NoticeCommands notices) : TenantPage
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var published = await notices.PublishAsync(Tenant, Actor, Aborted);
        return published.Succeeded ? Redirect($"/t/{Tenant.Slug}/notices") : FormFailed(published.Failure!);
    }
}
