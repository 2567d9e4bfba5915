using Microsoft.AspNetCore.Mvc;

namespace Lethe.Web.Pages.PrivacyCentre;

/// <summary>
/// A page behind a link from an e-mail that does one thing: opening it shows a button (mail scanners follow links and
/// must change nothing), and the button — or a mail client's one-click POST — does it.
/// </summary>
public abstract class LinkActionPage : PublicPage
{
    public string Token { get; private set; } = "";

    public bool Done { get; private set; }

    /// <summary>What a person with a link that does not work is told: what to do instead.</summary>
    protected virtual string BadLinkText => "error.newsletter.bad_link";

    /// <returns>Whether the link was good and the thing is done.</returns>
    protected abstract Task<bool> ActAsync(string token);

    // The token is nullable although the route requires one: model binding turns a blank one (%20) into null, which
    // was a NullReferenceException and a 500.
    public async Task<IActionResult> OnGetAsync(string? token)
    {
        Token = token ?? "";
        return await ResolveAsync() && token is { Length: > 0 and <= 1000 } ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostAsync(string? token)
    {
        Token = token ?? "";
        if (!await ResolveAsync() || token is not { Length: > 0 and <= 1000 })
        {
            return NotFound();
        }

        if (!await ActAsync(token))
        {
            ModelState.AddModelError("", L[BadLinkText]);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        Done = true;
        return Page();
    }
}
