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

    /// <summary>Ask for consent again even if the consent purposes read as before.</summary>
    [BindProperty]
    public bool AskConsentAgain { get; set; }

    public async Task<IActionResult> OnPostAsync()
    {
        var published = await notices.PublishAsync(Tenant, Actor, AskConsentAgain, Aborted);
        return published.Succeeded ? Redirect($"/t/{Tenant.Slug}/notices") : FormFailed(published.Failure);
    }
}
