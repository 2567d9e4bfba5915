using System.Globalization;
using System.Text;
using Lethe.Localization;
using Lethe.Tenancy;

namespace Lethe.Reviews;

/// <summary>
/// A review as a printable HTML page: the evidence of who checked what, when, against which data map revision, with
/// each item's decision and note. One self-contained file (its style inline) that a browser prints to PDF; a PDF library
/// was not taken, as the browser's print does the same without fonts and layout code of our own.
/// </summary>
public static class ReviewReport
{
    private const string Css = """
        body { font: 11pt/1.4 system-ui, sans-serif; margin: 2em; color: #111; }
        table { border-collapse: collapse; width: 100%; }
        th, td { border: 1px solid #999; padding: .3em .5em; text-align: left; vertical-align: top; }
        th { background: #eee; }
        tr { break-inside: avoid; }
        .changed { font-weight: bold; }
        code { overflow-wrap: anywhere; }
        dd { overflow-wrap: anywhere; }
        @media (max-width: 40em) {
          body { margin: 1em; }
          table, tbody, tr, td { display: block; }
          thead { display: none; }
          tr { margin-bottom: .5em; border: 1px solid #999; }
          td { border: none; }
        }
        @media print { body { margin: 0; } }
        """;

    /// <summary>
    /// The SHA-256 of the report's inline style, for a Content-Security-Policy that allows exactly it: the console
    /// forbids inline style, and the report stays one self-contained file for the CLI's export.
    /// </summary>
    public static readonly string StyleHash = "sha256-" + Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(Css)));

    /// <summary>The tenant's own language, which the report is written in unless another is asked for.</summary>
    public static string LanguageFor(Country country) => country switch
    {
        Country.DK => "da",
        Country.NO => "nb",
        _ => "en",
    };

    public static string Html(ReviewView view, Tenant tenant, string language)
    {
        language = Texts.Language(language);
        var r = view.Review;
        string T(string id) => Texts.Get(id, language);
        // Only the characters HTML gives meaning to: WebUtility would write æ, ø and å as numeric entities.
        static string E(string? text) => (text ?? "").Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal).Replace("'", "&#39;", StringComparison.Ordinal);
        string When(DateTime? utc) => utc is { } u ? LocalTime.Format(u, tenant.Country, language) : "—";
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"""
            <!DOCTYPE html>
            <html lang="{language}">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{E(T("review.report.title"))} — {E(tenant.Name)}</title>
            <style>{Css}</style>
            </head>
            <body>
            <h1>{E(T("review.report.title"))}</h1>
            <dl>
            <dt>{E(T("review.report.company"))}</dt><dd>{E(tenant.Name)} ({E(tenant.RegistrationNumber)})</dd>
            <dt>{E(T("review.report.data_map"))}</dt><dd id="revision">{r.DataMapRevision} (SHA-256 <code>{E(r.DataMapSha256)}</code>)</dd>
            <dt>{E(T("review.report.due"))}</dt><dd>{r.DueOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}</dd>
            <dt>{E(T("review.report.started"))}</dt><dd>{E(When(r.StartedAt))} — {E(r.StartedBy)}</dd>
            <dt>{E(T("review.report.completed"))}</dt><dd id="completed">{(r.CompletedAt is null ? E(T("review.report.not_completed")) : $"{E(When(r.CompletedAt))} — {E(r.CompletedBy)}")}</dd>
            """);
        if (r.CompletedRevision is { } completed && completed != r.DataMapRevision)
        {
            html.Append(CultureInfo.InvariantCulture, $"<dt>{E(T("review.report.completed_revision"))}</dt><dd>{completed}</dd>\n");
        }

        html.Append(CultureInfo.InvariantCulture, $"""
            </dl>
            <p id="counts">{E(Texts.Fill(T("review.report.counts"), new Dictionary<string, string>
            {
                ["confirmed"] = view.Items.Count(i => i.Decision == ItemDecision.Confirmed).ToString(CultureInfo.InvariantCulture),
                ["changed"] = view.Items.Count(i => i.Decision == ItemDecision.Changed).ToString(CultureInfo.InvariantCulture),
                ["open"] = view.Open.ToString(CultureInfo.InvariantCulture),
            }))}</p>
            <table id="items">
            <thead><tr><th>#</th><th>{E(T("review.report.item"))}</th><th>{E(T("review.report.decision"))}</th><th>{E(T("review.report.note"))}</th><th>{E(T("review.report.by"))}</th></tr></thead>
            <tbody>

            """);
        foreach (var i in view.Items)
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<tr class=\"{i.Decision.ToString().ToLowerInvariant()}\"><td>{i.Position}</td><td>{E(T(TextId.ReviewItemKind(i.Kind)))}: <code>{E(i.Key)}</code><br>{E(i.Label)}</td>" +
                $"<td>{E(T(TextId.ItemDecision(i.Decision)))}</td><td>{E(i.Note)}</td><td>{E(i.DecidedBy)}<br>{E(When(i.DecidedAt))}</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n");
        if (r.Summary is not null)
        {
            html.Append(CultureInfo.InvariantCulture, $"<h2>{E(T("review.report.summary"))}</h2>\n<p id=\"summary\">{E(r.Summary)}</p>\n");
        }

        html.Append("</body>\n</html>\n");
        return html.ToString();
    }
}
