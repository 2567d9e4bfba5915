using Lethe.Consent;
using Microsoft.AspNetCore.Mvc;

namespace Lethe.Web.Pages.PrivacyCentre;

/// <summary>The second step of the double opt-in: the link from the mail shows a button (a mail scanner confirms nothing), the button records the consent.</summary>
public sealed class NewsletterConfirmModel(Newsletter newsletter) : PublicPage
{
    public string Token { get; private set; } = "";

    public bool Confirmed { get; private set; }

    public async Task<IActionResult> OnGetAsync(string token)
    {
        Token = token;
        return await ResolveAsync() && token.Length <= 1000 ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostAsync(string token)
    {
        Token = token;
        if (!await ResolveAsync() || token.Length > 1000)
        {
            return NotFound();
        }

        var confirmed = await newsletter.ConfirmAsync(Tenant, token, Aborted);
        if (!confirmed.Succeeded)
        {
            ModelState.AddModelError("", L["This link does not work: it may have expired or been cut short. Sign up again to get a new one."]);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        Confirmed = true;
        return Page();
    }
}
