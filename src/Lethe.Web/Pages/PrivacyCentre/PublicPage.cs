using System.Globalization;
using Lethe.Localization;
using Lethe.Notices;
using Lethe.Tenancy;
using Lethe.Web.Hosting;
using Lethe.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Lethe.Web.Pages.PrivacyCentre;

/// <summary>
/// A page of the public privacy centre: anonymous, no cookies (the form carries the language and nothing else), in the
/// language of <c>?culture=</c> or the browser. There is no session to forge, so no anti-forgery token either; every
/// change a form starts is confirmed by the e-mail link.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
public abstract class PublicPage : PageModel
{
    public Tenant Tenant { get; private set; } = null!;

    public IStringLocalizer L => HttpContext.RequestServices.GetRequiredService<IStringLocalizer>();

    public virtual string Language => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName is "da" or "nb" ? CultureInfo.CurrentUICulture.TwoLetterISOLanguageName : "en";

    /// <summary>The languages the page offers in its header.</summary>
    public virtual IReadOnlyList<string> Languages => ["da", "nb", "en"];

    /// <summary>The same page in another language.</summary>
    public virtual string LanguageLink(string language) => $"?culture={language}";

    /// <summary>Whether the tenant has published a notice, so the footer links to it only when it is there to read.</summary>
    public bool HasNotice { get; private set; }

    /// <summary>A link within the privacy centre that keeps the language.</summary>
    public string Link(string path) => $"/p/{Tenant.Slug}{path}?culture={Language}";

    protected CancellationToken Aborted => HttpContext.RequestAborted;

    protected async Task<bool> ResolveAsync()
    {
        if (await HttpContext.RequestServices.GetRequiredService<CurrentTenant>().GetAsync(Aborted) is not { } tenant)
        {
            return false;
        }

        Tenant = tenant;
        HasNotice = await HttpContext.RequestServices.GetRequiredService<NoticeCommands>().LatestNumberAsync(tenant, TimeSpan.FromMinutes(1), Aborted) is not null;
        if (tenant.LogoUrl is not null && Uri.TryCreate(tenant.LogoUrl, UriKind.Absolute, out var logo))
        {
            SecurityHeaders.AllowImagesFrom(HttpContext, logo);
        }

        Response.Headers.CacheControl = "no-store";
        // The pages hold tokens in their URLs: never sent on to another site.
        Response.Headers["Referrer-Policy"] = "no-referrer";
        return true;
    }

    /// <summary>
    /// Shows why a form was refused, in the visitor's language. Lethe's own messages are English; those a public form
    /// can meet are <c>error.*</c> texts of the catalogue and shown in translation, anything else as it is.
    /// </summary>
    protected void ShowFailure(Lethe.Common.Failure failure)
    {
        var messages = failure is Lethe.Common.InvalidInput invalid
            ? invalid.Errors.SelectMany(e => e.Value.Select(m => (Field: e.Key, Message: m)))
            : [("", failure.Detail)];
        foreach (var (field, message) in messages)
        {
            ModelState.AddModelError("", Say(field, message));
        }
    }

    /// <summary>
    /// A failure's English message in the visitor's language, naming the field by its label on the form: "Din besked:
    /// må højst være på 2000 tegn". A message of no <c>error.*</c> text is shown as it is.
    /// </summary>
    private string Say(string field, string message) => Lethe.Web.Localization.FailureTexts.Say(message, Language, Label(field));

    /// <summary>The label of a field the public forms send, as the visitor reads it; null for a field of no form.</summary>
    private string? Label(string field) => field switch
    {
        "email" => L["field.email"].Value,
        "message" => L["field.message"].Value,
        "full_name" => L["field.full_name"].Value,
        "phone" => L["field.phone"].Value,
        _ => null,
    };

    protected IActionResult TooMany(int seconds)
    {
        Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        Response.StatusCode = StatusCodes.Status429TooManyRequests;
        ModelState.AddModelError("", L["centre.common.too_many_attempts_from"]);
        return Page();
    }
}
