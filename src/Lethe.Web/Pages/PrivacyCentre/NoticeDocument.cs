using System.Text;
using Markdig;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Lethe.Web.Pages.PrivacyCentre;

/// <summary>
/// A notice's Markdown as the parts of a document: its title, the sections for a table of contents, and the body with
/// an anchor on every section heading.
/// </summary>
/// <param name="Title">The first-level heading as HTML.</param>
/// <param name="Sections">Each second-level heading's anchor and text, in order.</param>
/// <param name="Body">Everything after the title, as HTML.</param>
public sealed record NoticeDocument(string Title, IReadOnlyList<NoticeSection> Sections, string Body)
{
    // Raw HTML in the data map must never reach the page; Markdown escapes are applied when rendering, this is the second lock.
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().DisableHtml().Build();

    public static NoticeDocument From(string markdown)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        var title = document.OfType<HeadingBlock>().FirstOrDefault(h => h.Level == 1);
        if (title is not null)
        {
            document.Remove(title);
        }

        var sections = new List<NoticeSection>();
        var taken = new HashSet<string>(StringComparer.Ordinal);
        foreach (var heading in document.Descendants<HeadingBlock>().Where(h => h.Level == 2))
        {
            var text = PlainText(heading);
            var anchor = Anchor(text, taken);
            heading.GetAttributes().Id = anchor;
            sections.Add(new NoticeSection(anchor, text));
        }

        var titleHtml = "";
        if (title is not null)
        {
            var heading = new MarkdownDocument { title };
            titleHtml = Render(heading).Trim();
        }

        return new NoticeDocument(titleHtml, sections, Render(document));
    }

    private static string Render(MarkdownDocument document)
    {
        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        renderer.Render(document);
        writer.Flush();
        return writer.ToString();
    }

    private static string PlainText(HeadingBlock heading) =>
        heading.Inline is null ? "" : string.Concat(heading.Inline.Descendants<LeafInline>().Select(i => i switch
        {
            LiteralInline literal => literal.Content.ToString(),
            CodeInline code => code.Content,
            _ => " ",
        })).Trim();

    /// <summary>A readable anchor from the heading in its own language ("cookies-og-samtykke"), unique on the page.</summary>
    private static string Anchor(string text, HashSet<string> taken)
    {
        var slug = new StringBuilder();
        foreach (var c in text.ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c))
            {
                slug.Append(c);
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }

        var stem = slug.ToString().Trim('-') is { Length: > 0 } s ? s : "section";
        var anchor = stem;
        for (var n = 2; !taken.Add(anchor); n++)
        {
            anchor = $"{stem}-{n}";
        }

        return anchor;
    }
}

/// <summary>One section of a notice: its anchor on the page and its heading.</summary>
public sealed record NoticeSection(string Anchor, string Heading);
