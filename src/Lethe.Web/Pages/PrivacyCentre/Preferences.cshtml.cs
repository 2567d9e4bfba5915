using Lethe.Audit;
using Lethe.Consent;
using Lethe.Web.PrivacyCentre;
using Microsoft.AspNetCore.Mvc;

namespace Lethe.Web.Pages.PrivacyCentre;

/// <summary>
/// A known person sees and changes all their consents: they ask for a link by e-mail (the same answer for every
/// address), and the link (24 hours) opens their purposes with what holds now; saving records each change.
/// </summary>
public sealed class PreferencesModel(Newsletter newsletter, ConsentLog log, PublicRateLimits limits, Lethe.DataMap.DataMapCommands dataMap) : PublicPage
{
    private static readonly AuditActor Person = new("person", null, "the person, on their preference page");

    public string? Token { get; private set; }

    public bool Sent { get; private set; }

    public bool Saved { get; private set; }

    public IReadOnlyList<ConsentPurpose> Purposes { get; private set; } = [];

    public IReadOnlySet<string> Current { get; private set; } = new HashSet<string>();

    /// <summary>
    /// The company's website, where its cookie banner is, from the data map (<c>organization.website</c>); null when it
    /// gives none, or none that is an http(s) address a link may lead to.
    /// </summary>
    public Uri? Website { get; private set; }

    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public List<string> Given { get; set; } = [];

    public async Task<IActionResult> OnGetAsync(string? token)
    {
        if (!await ResolveAsync())
        {
            return NotFound();
        }

        Website = await WebsiteAsync();
        return token is null ? Page() : await LoadAsync(token) ? Page() : Refused();
    }

    public async Task<IActionResult> OnPostAsync(string? token)
    {
        if (!await ResolveAsync())
        {
            return NotFound();
        }

        Website = await WebsiteAsync();
        if (token is null)
        {
            if ((limits.TryClient(HttpContext.Connection.RemoteIpAddress?.ToString()) ?? limits.TryMail(Tenant.Slug, Email)) is { } wait)
            {
                return TooMany(wait);
            }

            var sent = await newsletter.SendPreferencesLinkAsync(Tenant, Email, Language, Aborted);
            if (!sent.Succeeded)
            {
                ShowFailure(sent.Failure);
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return Page();
            }

            Sent = true;
            return Page();
        }

        if (newsletter.PreferencesFor(Tenant, token) is not { } email || !await LoadAsync(token))
        {
            return Refused();
        }

        var refusable = Purposes.Select(p => p.Key).ToList();
        var given = refusable.Where(Given.Contains).ToList();
        var withdrawn = refusable.Where(p => !Given.Contains(p)).ToList();
        var events = new List<ConsentInput>();
        if (given.Count > 0)
        {
            events.Add(new ConsentInput(ConsentSubject.Person, email, ConsentAction.Given, given, "preference_page", Language: Language));
        }

        if (withdrawn.Count > 0)
        {
            events.Add(new ConsentInput(ConsentSubject.Person, email, ConsentAction.Withdrawn, withdrawn, "preference_page", Language: Language));
        }

        var recorded = await log.RecordAsync(Tenant, Person, events, Aborted);
        if (!recorded.Succeeded)
        {
            ShowFailure(recorded.Failure);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        await LoadAsync(token);
        Saved = true;
        return Page();
    }

    private async Task<bool> LoadAsync(string token)
    {
        if (token.Length > 1000 || newsletter.PreferencesFor(Tenant, token) is not { } email)
        {
            return false;
        }

        Token = token;
        Purposes = (await log.PurposesAsync(Tenant, Aborted)).Where(p => p.Refusable).ToList();
        var state = await log.StateAsync(Tenant, ConsentSubject.Person, email, Aborted);
        Current = state.Succeeded ? state.Value.Where(s => s.Given).Select(s => s.Purpose).ToHashSet() : new HashSet<string>();
        return true;
    }

    private async Task<Uri?> WebsiteAsync() =>
        (await dataMap.InForceAsync(Tenant, ConsentLog.Fresh, Aborted))?.Manifest.Organization.Website is { } website
        && Uri.TryCreate(website.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? uri : null;

    private IActionResult Refused()
    {
        ModelState.AddModelError("", L["error.newsletter.bad_link"]);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
