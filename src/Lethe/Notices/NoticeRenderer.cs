using System.Globalization;
using System.Text;
using Lethe.DataMap;
using Lethe.Localization;
using Lethe.Tenancy;

namespace Lethe.Notices;

/// <summary>
/// Writes the privacy notice as Markdown from the data map, with the sections the seed policies have. Periods and
/// recipients come from the rules Lethe enforces, never typed by hand, so the notice cannot promise something else.
/// </summary>
public static class NoticeRenderer
{
    /// <summary>The rights the notice lists, in its order (Art. 15–21 and 7(3)).</summary>
    public static readonly IReadOnlyList<string> Rights = ["access", "rectification", "erasure", "restriction", "portability", "objection", "withdraw"];

    /// <param name="version">The notice version; null leaves the version section out (the notice inside an access answer).</param>
    public static string Render(Manifest m, string language, int? version, DateOnly published)
    {
        string T(string id) => Texts.Get(id, language);
        string Of(LocalizedText text) => m.Say(text, language);
        var categories = Taxonomy.BuiltIn.Concat(m.DataCategories).ToDictionary(c => c.Key, StringComparer.Ordinal);
        var own = m.Activities.Where(a => a.Role == "controller").ToList();
        var o = m.Organization;
        var md = new StringBuilder();

        md.Append("# ").Append(Escape(T("notice.title"))).Append(" – ").AppendLine(Escape(o.Name)).AppendLine();

        Heading(md, T("notice.controller"));
        md.AppendLine(Escape(string.Format(CultureInfo.InvariantCulture, T("notice.controller_intro"), o.Name))).AppendLine();
        md.AppendLine(Escape(o.Name) + "  ");
        md.AppendLine(Escape(o.Country == "NO" ? $"Org.nr. {o.RegistrationNumber}" : $"CVR {o.RegistrationNumber}") + "  ");
        md.AppendLine(Escape(o.Address) + "  ");
        md.AppendLine(Escape(o.Email) + (o.Phone is null ? "" : "  "));
        if (o.Phone is { } phone)
        {
            md.AppendLine(Escape(phone));
        }

        md.AppendLine();
        if (o.Representative is { } representative)
        {
            md.Append(T("notice.representative")).Append(": ").AppendLine(Escape(representative)).AppendLine();
        }

        if (o.DataProtectionOfficer is { } dpo)
        {
            md.Append(T("notice.dpo")).Append(": ").AppendLine(Escape(dpo)).AppendLine();
        }

        Heading(md, T("notice.data"));
        md.AppendLine(Escape(T("notice.scope"))).AppendLine();
        foreach (var a in own)
        {
            md.Append("### ").AppendLine(Escape(Of(a.Purpose))).AppendLine();
            md.Append("- ").Append(T("notice.about")).Append(": ")
                .AppendLine(Escape(string.Join(", ", a.Subjects.Select(k => m.SubjectCategories.FirstOrDefault(s => s.Key == k) is { } s ? Of(s.Name) : k))));
            md.Append("- ").Append(T("notice.data_categories")).Append(": ")
                .AppendLine(Escape(string.Join(", ", a.Categories.Select(k => categories.TryGetValue(k, out var c) ? Of(c.Name) : k))));
            md.Append("- ").Append(T("notice.legal_basis")).Append(": ").AppendLine(Escape(T(TextId.NoticeBasis(a.LegalBasis))));
            if (a.Retention is { } key && m.RetentionRules.FirstOrDefault(r => r.Key == key) is { } rule)
            {
                md.Append("- ").Append(T("notice.retention")).Append(": ").AppendLine(Escape(Period(rule, language)));
            }

            md.AppendLine();
        }

        Heading(md, T("notice.legal_basis"));
        foreach (var basis in own.Select(a => a.LegalBasis).Distinct())
        {
            var purposes = own.Where(a => a.LegalBasis == basis).Select(a => Of(a.Purpose));
            md.Append("- ").Append(Escape(Capitalize(T(TextId.NoticeBasis(basis))))).Append(": ").AppendLine(Escape(string.Join("; ", purposes)));
        }

        md.AppendLine();
        Heading(md, T("notice.recipients"));
        var recipients = m.Activities.SelectMany(a => a.Recipients).Distinct().Select(k => m.Processors.FirstOrDefault(p => p.Key == k)).OfType<Processor>().ToList();
        if (recipients.Count == 0)
        {
            md.AppendLine(Escape(T("notice.no_recipients"))).AppendLine();
        }
        else
        {
            foreach (var p in recipients)
            {
                md.Append("- ").Append(Escape(p.Name)).Append(" (").Append(Escape(p.Location)).Append("): ")
                    .Append(Escape(Of(p.Service))).Append(" – ").AppendLine(Escape(T(TextId.NoticeRole(p.Role))));
            }

            md.AppendLine();
        }

        var transfers = m.Activities.SelectMany(a => a.Transfers).Distinct().ToList();
        if (transfers.Count > 0)
        {
            md.Append("**").Append(Escape(T("notice.transfers"))).AppendLine("**").AppendLine();
            foreach (var t in transfers)
            {
                md.Append("- ").Append(Escape(t.Recipient)).Append(", ").Append(Escape(t.Country)).Append(" (").Append(Escape(LegalWords.Safeguard(t.Safeguard, language))).AppendLine(")");
            }

            md.AppendLine();
        }

        Heading(md, T("notice.retention"));
        foreach (var rule in m.RetentionRules)
        {
            md.Append("- ").Append(Escape(Of(rule.Description))).Append(" (").Append(Escape(Period(rule, language)))
                .Append(rule.LegalReference is { } law ? "; " + Escape(law) : "").AppendLine(")");
        }

        md.AppendLine();
        Heading(md, T("notice.rights"));
        foreach (var right in Rights)
        {
            md.Append("- ").AppendLine(Escape(T(TextId.NoticeRight(right))));
        }

        md.AppendLine().AppendLine(Escape(string.Format(CultureInfo.InvariantCulture, T("notice.rights_contact"), o.Email))).AppendLine();

        Heading(md, T("notice.complaint"));
        md.AppendLine(Escape(T("notice.complaint_text"))).AppendLine();
        var authority = SupervisoryAuthority.DefaultFor(o.Country == "NO" ? Country.NO : Country.DK)!;
        md.AppendLine(Escape(authority.Name) + "  ").AppendLine(Escape(authority.Address) + "  ")
            .AppendLine(Escape(authority.Email) + "  ").AppendLine(authority.Website).AppendLine();

        Heading(md, T("notice.cookies"));
        var consents = own.Where(a => a.LegalBasis == "consent").ToList();
        if (consents.Count == 0)
        {
            md.AppendLine(Escape(T("notice.cookies_none"))).AppendLine();
        }
        else
        {
            md.AppendLine(Escape(T("notice.cookies_consent"))).AppendLine();
            foreach (var a in consents)
            {
                md.Append("- ").AppendLine(Escape(Of(a.Purpose)));
            }

            md.AppendLine();
        }

        Heading(md, T("notice.security"));
        foreach (var measure in m.SecurityMeasures)
        {
            md.Append("- ").AppendLine(Escape(Of(measure)));
        }

        md.AppendLine();
        Heading(md, T("notice.processor"));
        var processing = m.Activities.Where(a => a.Role == "processor").ToList();
        if (processing.Count == 0)
        {
            md.AppendLine(Escape(T("notice.processor_none"))).AppendLine();
        }
        else
        {
            md.AppendLine(Escape(T("notice.processor_text"))).AppendLine();
            foreach (var a in processing)
            {
                md.Append("- ").Append(Escape(Of(a.Purpose))).Append(": ").AppendLine(a.OnBehalfOf is { } behalf ? Escape(Of(behalf)) : "");
            }

            md.AppendLine();
        }

        if (version is null)
        {
            return md.ToString();
        }

        Heading(md, T("notice.version"));
        md.AppendLine(Escape(string.Format(CultureInfo.InvariantCulture, T("notice.version_text"), version,
            published.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))));
        return md.ToString();
    }

    /// <summary>The periods of a rule in words, e.g. "kept at least 5 years, deleted at the latest after 5 years and 6 months".</summary>
    public static string Period(RetentionRule rule, string language) => LegalWords.Retention(rule, language);

    private static void Heading(StringBuilder md, string text) => md.Append("## ").AppendLine(Escape(text)).AppendLine();

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpper(text[0], CultureInfo.InvariantCulture) + text[1..];

    /// <summary>Escapes Markdown so text from the data map is shown as written, never as markup or HTML.</summary>
    internal static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text.Replace("\r", "", StringComparison.Ordinal).Replace('\n', ' '))
        {
            if (c is '\\' or '`' or '*' or '_' or '[' or ']' or '#' or '<' or '>' or '|' or '!' or '{' or '}')
            {
                sb.Append('\\');
            }

            sb.Append(c);
        }

        return sb.ToString();
    }
}
