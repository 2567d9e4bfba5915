using Lethe.Consent;
using Lethe.Web.PrivacyCentre;
using Microsoft.AspNetCore.Mvc;

namespace Lethe.Web.Pages.PrivacyCentre;

/// <summary>Sign-up for the newsletter: the first step of the double opt-in. Every address gets the same answer.</summary>
public sealed class NewsletterModel(Newsletter newsletter, PublicRateLimits limits) : PublicPage
{
    [BindProperty]
    public string? Email { get; set; }

    public bool Sent { get; private set; }

    public async Task<IActionResult> OnGetAsync() => await ResolveAsync() ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync()
    {
        if (!await ResolveAsync())
        {
            return NotFound();
        }

        if ((limits.TryClient(HttpContext.Connection.RemoteIpAddress?.ToString()) ?? limits.TryMail(Tenant.Slug, Email)) is { } wait)
        {
            return TooMany(wait);
        }

        var subscribed = await newsletter.SubscribeAsync(Tenant, Email, Language, Aborted);
        if (!subscribed.Succeeded)
        {
            ShowFailure(subscribed.Failure);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        Sent = true;
        return Page();
    }
}
