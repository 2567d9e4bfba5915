using System.Globalization;
using System.Text.Encodings.Web;
using Lethe.Notices;
using Lethe.Web.Security;
using Markdig;

namespace Lethe.Web.Notices;

/// <summary>
/// The public privacy notice: <c>/p/{tenant}/privacy</c> always shows the latest version, <c>/p/{tenant}/privacy/v/{n}</c>
/// an old one. Anonymous: a notice holds no personal data, and anyone must be able to read it.
/// </summary>
public static class PrivacyNoticePages
{
    // Raw HTML in the data map must never reach the page; Markdown escapes are applied when rendering, this is the second lock.
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().DisableHtml().Build();

    public static IEndpointRouteBuilder MapPrivacyNoticePages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/p/{tenant}/privacy", LatestAsync).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/p/{tenant}/privacy/v/{number:int}", VersionAsync).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> LatestAsync(
        string? lang, string? format, CurrentTenant current, NoticeCommands notices, HttpContext http, CancellationToken ct) =>
        await current.GetAsync(ct) is { } tenant && await notices.LatestAsync(tenant, ct) is { } version
            ? Page(version, lang, format, http, latest: true)
            : TypedResults.NotFound();

    private static async Task<IResult> VersionAsync(
        int number, string? lang, string? format, CurrentTenant current, NoticeCommands notices, HttpContext http, CancellationToken ct) =>
        await current.GetAsync(ct) is { } tenant && await notices.VersionAsync(tenant, number, ct) is { } version
            ? Page(version, lang, format, http, latest: false)
            : TypedResults.NotFound();

    private static IResult Page(NoticeVersion version, string? lang, string? format, HttpContext http, bool latest)
    {
        var content = NoticeCommands.Content(version);
        var language = new[] { lang, CultureInfo.CurrentUICulture.TwoLetterISOLanguageName, "en" }
            .FirstOrDefault(l => l is not null && content.ContainsKey(l)) ?? content.Keys.First();
        http.Response.Headers.CacheControl = latest ? "no-cache" : "public, max-age=86400";
        if (format == "md")
        {
            // For the company's own website or intranet: the same text, to render with its own styling.
            return TypedResults.Text(content[language], "text/markdown; charset=utf-8");
        }

        var body = Markdown.ToHtml(content[language], Pipeline);
        var others = string.Join(" · ", content.Keys.Where(l => l != language)
            .Select(l => $"<a href=\"?lang={l}\" hreflang=\"{l}\">{LanguageName(l)}</a>")) + $" · <a href=\"?lang={language}&amp;format=md\">Markdown</a>";
        var html = $"""
            <!DOCTYPE html>
            <html lang="{language}">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{HtmlEncoder.Default.Encode(FirstLine(content[language]))}</title>
            <link rel="icon" href="data:,"><link rel="stylesheet" href="/assets/lethe.css"></head>
            <body class="notice"><main class="notice">
            <p class="languages">{others}</p>
            {body}
            </main></body></html>
            """;
        return TypedResults.Content(html, "text/html; charset=utf-8");
    }

    private static string FirstLine(string markdown) => markdown.Split('\n')[0].TrimStart('#', ' ').Replace("\\", "", StringComparison.Ordinal);

    private static string LanguageName(string language) => language switch
    {
        "da" => "Dansk",
        "nb" => "Norsk",
        _ => "English",
    };
}
