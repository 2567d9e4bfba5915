using System.Globalization;
using Lethe.Notices;
using Microsoft.AspNetCore.Mvc;

namespace Lethe.Web.Pages.PrivacyCentre;

/// <summary>
/// The published privacy notice as a document: <c>/p/{tenant}/privacy</c> the latest version, <c>/p/{tenant}/privacy/v/{n}</c>
/// an old one. Anonymous: a notice holds no personal data, and anyone must be able to read it. <c>?format=md</c> gives
/// the Markdown for the company's own website; the page does not offer it to the person, who came to read.
/// </summary>
public sealed class NoticeModel(NoticeCommands notices) : PublicPage
{
    private string _language = "en";

    private IReadOnlyList<string> _languages = [];

    public NoticeDocument Document { get; private set; } = null!;

    public override string Language => _language;

    public override IReadOnlyList<string> Languages => _languages;

    public override string LanguageLink(string language) => $"?lang={language}";

    public async Task<IActionResult> OnGetAsync(int? number, string? lang, string? format)
    {
        if (!await ResolveAsync())
        {
            return NotFound();
        }

        var version = number is { } n ? await notices.VersionAsync(Tenant, n, Aborted) : await notices.LatestAsync(Tenant, Aborted);
        if (version is null)
        {
            return NotFound();
        }

        var content = NoticeCommands.Content(version);
        _language = new[] { lang, CultureInfo.CurrentUICulture.TwoLetterISOLanguageName, "en" }
            .FirstOrDefault(l => l is not null && content.ContainsKey(l)) ?? content.Keys.First();
        _languages = base.Languages.Where(content.ContainsKey).Concat(content.Keys.Where(l => !base.Languages.Contains(l))).ToList();
        // The latest may change with the next publication; a numbered version never does.
        Response.Headers.CacheControl = number is null ? "no-cache" : "public, max-age=86400";
        if (format == "md")
        {
            return Content(content[_language], "text/markdown; charset=utf-8");
        }

        Document = NoticeDocument.From(content[_language]);
        return Page();
    }
}
