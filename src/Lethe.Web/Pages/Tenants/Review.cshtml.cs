using Lethe.Common;
using Lethe.Localization;
using Lethe.Reviews;
using Lethe.Tenancy;
using Lethe.Web.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Lethe.Web.Pages.Tenants;

/// <summary>
/// One review: its checklist, each item confirmed or changed with a note, and completing it. The checklist is one
/// form, so a reviewer can fill in several items and press any button without losing what was typed elsewhere.
/// </summary>
[Authorize(Policy = "perm:ReviewRead")]
public sealed class ReviewModel(ReviewCommands reviews) : TenantPage
{
    public ReviewView View { get; private set; } = null!;

    public bool CanManage { get; private set; }

    /// <summary>Every item as the page showed it and as the reviewer left it.</summary>
    [BindProperty]
    public List<ItemForm> Items { get; set; } = [];

    /// <summary>The position of the item whose button was pressed, which is decided even if left as shown.</summary>
    [BindProperty]
    public int? Save { get; set; }

    [BindProperty]
    public string? Summary { get; set; }

    /// <summary>Positions of items whose input was refused, so the page marks them.</summary>
    public HashSet<int> Refused { get; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id) => await LoadAsync(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPostDecideAsync(Guid id)
    {
        if (!await CanAsync(Permission.ReviewManage))
        {
            return Forbid(CookieScheme);
        }

        if (await SaveItemsAsync(id) is { } refused)
        {
            return refused;
        }

        return Redirect($"/t/{Slug}/reviews/{id}" + (Save is { } position ? $"#item-{position}" : ""));
    }

    /// <summary>Saves what the reviewer changed in the checklist, then completes the review.</summary>
    public async Task<IActionResult> OnPostCompleteAsync(Guid id)
    {
        if (!await CanAsync(Permission.ReviewManage))
        {
            return Forbid(CookieScheme);
        }

        Save = null;
        if (await SaveItemsAsync(id) is { } refused)
        {
            return refused;
        }

        var completed = await reviews.CompleteAsync(Tenant, Actor, id, Summary, Aborted);
        if (!completed.Succeeded)
        {
            // What was saved above stays saved: the checklist is shown as it now stands.
            Items = [];
            return await LoadAsync(id) ? FormFailed(completed.Failure) : NotFound();
        }

        return Redirect($"/t/{Slug}/reviews/{id}");
    }

    /// <summary>The form of one item: the reviewer's input, or what is stored when nothing was posted for it.</summary>
    public ItemForm FormOf(ReviewItem item) =>
        Items.FirstOrDefault(f => f.Position == item.Position) ?? ItemForm.Shown(item);

    /// <summary>Null when the touched items and the pressed one were saved; otherwise the page again, with every input kept.</summary>
    private async Task<IActionResult?> SaveItemsAsync(Guid id)
    {
        var chosen = Items.Where(f => f.Touched || f.Position == Save).ToList();
        var choices = new List<ItemChoice>();
        foreach (var form in chosen)
        {
            // An unknown decision is refused like a missing one: "open" is not one an item can be given.
            var decision = WireNames.TryParse<ItemDecision>(form.Decision, out var parsed) ? parsed : ItemDecision.Open;
            var errors = ReviewCommands.Check(decision, form.Note);
            foreach (var (field, messages) in errors.ToFailure().Errors)
            {
                foreach (var message in messages)
                {
                    var said = FailureTexts.Say(message, CatalogueLocalizer.Language, field == "note" ? L["review.report.note"].Value : null);
                    ModelState.AddModelError($"Items[{Items.IndexOf(form)}].{field}", L["console.reviews.item_refused", form.Position, said]);
                }
            }

            if (errors.Any)
            {
                Refused.Add(form.Position);
            }

            choices.Add(new ItemChoice(form.Position, decision, form.Note));
        }

        if (Refused.Count > 0)
        {
            return await LoadAsync(id) ? Refuse() : NotFound();
        }

        if (choices.Count == 0)
        {
            return null;
        }

        var decided = await reviews.DecideAsync(Tenant, Actor, id, choices, Aborted);
        if (!decided.Succeeded)
        {
            return await LoadAsync(id) ? FormFailed(decided.Failure) : NotFound();
        }

        return null;
    }

    private PageResult Refuse()
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
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

    /// <summary>One checklist item's inputs, with what the page showed so that only what the reviewer changed is saved.</summary>
    public sealed class ItemForm
    {
        public int Position { get; set; }

        public string? Decision { get; set; }

        public string? Note { get; set; }

        public string? ShownDecision { get; set; }

        public string? ShownNote { get; set; }

        /// <summary>
        /// Changed by the reviewer on this page. An item left as shown is not saved, so a colleague's decision made
        /// meanwhile stands unless this reviewer changed the same item. A note is compared as the input field holds it:
        /// a text input drops line breaks, which a note given through the API or the CLI may have.
        /// </summary>
        public bool Touched => (Decision ?? "") != (ShownDecision ?? "") || AsInput(Note) != AsInput(ShownNote);

        /// <summary>The item as stored; an open item has neither decision ticked, so nothing is decided that was not chosen.</summary>
        public static ItemForm Shown(ReviewItem item)
        {
            var decision = item.Decision == ItemDecision.Open ? "" : item.Decision.ToWire();
            return new ItemForm { Position = item.Position, Decision = decision, Note = item.Note, ShownDecision = decision, ShownNote = item.Note };
        }

        private static string AsInput(string? note) => (note ?? "").Replace("\r", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal).Trim();
    }
}
