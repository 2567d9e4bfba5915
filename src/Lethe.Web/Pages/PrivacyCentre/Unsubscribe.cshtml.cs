using Lethe.Consent;
using Microsoft.AspNetCore.Mvc;

namespace Lethe.Web.Pages.PrivacyCentre;

/// <summary>
/// One-click unsubscribe (RFC 8058): a mail client POSTs <c>List-Unsubscribe=One-Click</c> to this address and that is
/// all it takes; a person opening the link gets one button. The GET never unsubscribes (link scanners follow links).
/// </summary>
public sealed class UnsubscribeModel(Newsletter newsletter) : PublicPage
{
    public string Token { get; private set; } = "";

    public bool Done { get; private set; }

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

        var done = await newsletter.UnsubscribeAsync(Tenant, token, Aborted);
        if (!done.Succeeded)
        {
            ModelState.AddModelError("", L["This link does not work: it may have expired or been cut short. Sign up again to get a new one."]);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        Done = true;
        return Page();
    }
}
