using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;

namespace Lethe.Web.Pages;

/// <summary>Remembers the person's choice of English, Danish or Norwegian in a cookie.</summary>
[AllowAnonymous]
public sealed class LanguageModel : ConsolePage
{
    public IActionResult OnGet() => Redirect("/");

    public IActionResult OnPost(string? culture, string? returnUrl)
    {
        if (culture is not null && LetheWebHost.Languages.Contains(culture, StringComparer.Ordinal))
        {
            Response.Cookies.Append(
                CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true });
        }

        return LocalRedirect(Security.LocalReturnUrl.From(returnUrl));
    }
}
