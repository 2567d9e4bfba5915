using Lethe.Reviews;
using Lethe.Tenancy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Lethe.Web.Pages.Tenants;

/// <summary>The half-yearly reviews, newest first, and starting the next.</summary>
[Authorize(Policy = "perm:ReviewRead")]
public sealed class ReviewsModel(ReviewCommands reviews) : TenantPage
{
    public IReadOnlyList<Review> Reviews { get; private set; } = [];

    public bool CanManage { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!await CanAsync(Permission.ReviewManage))
        {
            return Forbid(CookieScheme);
        }

        var started = await reviews.StartAsync(Tenant, Actor, Aborted);
        if (started.Succeeded)
        {
            return Redirect($"/t/{Slug}/reviews/{started.Value.Review.Id}");
        }

        await LoadAsync();
        return FormFailed(started.Failure);
    }

    private async Task LoadAsync()
    {
        Reviews = await reviews.ListAsync(Tenant, Aborted);
        CanManage = await CanAsync(Permission.ReviewManage);
    }
}
