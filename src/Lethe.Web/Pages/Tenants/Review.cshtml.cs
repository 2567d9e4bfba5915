using Lethe.Common;
using Lethe.Reviews;
using Lethe.Tenancy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Lethe.Web.Pages.Tenants;

/// <summary>One review: its checklist, each item confirmed or changed with a note, and completing it.</summary>
[Authorize(Policy = "perm:ReviewRead")]
public sealed class ReviewModel(ReviewCommands reviews) : TenantPage
{
    public ReviewView View { get; private set; } = null!;

    public bool CanManage { get; private set; }

    [BindProperty]
    public string? Decision { get; set; }

    [BindProperty]
    public string? Note { get; set; }

    [BindProperty]
    public string? Summary { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id) => await LoadAsync(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPostDecideAsync(Guid id, int position)
    {
        if (!await CanAsync(Permission.ReviewManage))
        {
            return Forbid(CookieScheme);
        }

        // An unknown decision is refused by the command like any other: "open" is not one an item can be given.
        var decision = WireNames.TryParse<ItemDecision>(Decision, out var parsed) ? parsed : ItemDecision.Open;
        var decided = await reviews.DecideAsync(Tenant, Actor, id, position.ToString(System.Globalization.CultureInfo.InvariantCulture), decision, Note, Aborted);
        if (!decided.Succeeded)
        {
            return await LoadAsync(id) ? FormFailed(decided.Failure) : NotFound();
        }

        return Redirect($"/t/{Slug}/reviews/{id}#item-{position}");
    }

    public async Task<IActionResult> OnPostCompleteAsync(Guid id)
    {
        if (!await CanAsync(Permission.ReviewManage))
        {
            return Forbid(CookieScheme);
        }

        var completed = await reviews.CompleteAsync(Tenant, Actor, id, Summary, Aborted);
        if (!completed.Succeeded)
        {
            return await LoadAsync(id) ? FormFailed(completed.Failure) : NotFound();
        }

        return Redirect($"/t/{Slug}/reviews/{id}");
    }

    private async Task<bool> LoadAsync(Guid id)
    {
        var view = await reviews.GetAsync(Tenant, id, Aborted);
        if (!view.Succeeded)
        {
            return false;
        }

        View = view.Value;
        CanManage = await CanAsync(Permission.ReviewManage) && View.Review.Status == ReviewStatus.InProgress;
        return true;
    }
}
