using System.Globalization;
using System.Text;
using Markdig;
using Lethe.DataMap;
using Lethe.Localization;
using Lethe.Notices;
using Lethe.Tenancy;

namespace Lethe.Breaches;

/// <summary>
/// The notification to the supervisory authority with the content of Art. 33(3) — the nature of the breach, the
/// categories and approximate numbers of people and records, the contact point, the likely consequences, the measures
/// — as Markdown in the authority's language (Datatilsynet in Denmark reads Danish, in Norway Norwegian). Every sentence
/// comes from the catalogue; the officer's own words and the data map's names are escaped, never markup.
/// </summary>
public static class AuthorityNotification
{
    /// <summary>The language the tenant's authority reads.</summary>
    public static string LanguageFor(Country country) => country switch
    {
        Country.DK => "da",
        Country.NO => "nb",
        _ => "en",
    };

    public static string Render(Breach breach, Tenant tenant, Manifest manifest, BreachImpact impact, BreachCounts counts, NotificationPart part, DateTime madeAt)
    {
        var language = LanguageFor(tenant.Country);
        var own = manifest.DefaultLanguage;
        string T(string id) => Texts.Get(id, language);
        string When(DateTime utc) => LocalTime.Format(utc, tenant.Country, language);
        string Fill(string id, params (string Name, string Value)[] values) =>
            Texts.Fill(T(id), values.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal));
        string Number(long n) => n.ToString("N0", CultureInfo.GetCultureInfo(language == "nb" ? "nb-NO" : language == "da" ? "da-DK" : "en-GB"));

        var md = new StringBuilder();
        md.Append("# ").AppendLine(T("breach.notification.title")).AppendLine();
        if (part.Phase > 1)
        {
            md.AppendLine(Fill("breach.notification.phase", ("phase", part.Phase.ToString(CultureInfo.InvariantCulture)))).AppendLine();
        }

        var authority = tenant.SupervisoryAuthority;
        md.Append("**").Append(T("breach.notification.to")).Append("** ").AppendLine(NoticeRenderer.Escape(authority)).AppendLine();
        md.Append("**").Append(T("breach.notification.controller")).Append("** ")
            .AppendLine(NoticeRenderer.Escape($"{tenant.Name}, {tenant.RegistrationNumber}, {tenant.Address}")).AppendLine();
        md.Append("**").Append(T("breach.notification.made")).Append("** ").AppendLine(When(madeAt)).AppendLine();

        if (part.Added is { } added)
        {
            // Art. 33(4): the authority reads first what this phase brings, then the whole as it now stands.
            md.Append("## ").AppendLine(T("breach.notification.added")).AppendLine();
            md.AppendLine(NoticeRenderer.Escape(added)).AppendLine();
        }

        md.Append("## ").AppendLine(T("breach.notification.nature")).AppendLine();
        md.AppendLine(NoticeRenderer.Escape(breach.Description)).AppendLine();
        md.Append("- ").Append(T("breach.notification.occurred")).Append(' ')
            .AppendLine(breach.OccurredAt is { } occurred ? When(occurred) : T("breach.notification.unknown"));
        md.Append("- ").Append(T("breach.notification.aware")).Append(' ').AppendLine(When(breach.AwareAt));
        md.Append("- ").Append(T("breach.notification.systems")).Append(' ').AppendLine(string.Join(", ", impact.Systems
            .Select(key => manifest.Systems.First(s => s.Key == key).Name.For(language, own)).Select(NoticeRenderer.Escape)));
        md.AppendLine();

        md.Append("## ").AppendLine(T("breach.notification.people")).AppendLine();
        foreach (var subject in impact.Subjects)
        {
            md.Append("- ").AppendLine(NoticeRenderer.Escape(subject.Name.For(language, own)));
        }

        md.AppendLine().AppendLine(Fill("breach.notification.people-count", ("count", Number(counts.People)))).AppendLine();

        md.Append("## ").AppendLine(T("breach.notification.data")).AppendLine();
        foreach (var category in impact.DataCategories)
        {
            md.Append("- ").Append(NoticeRenderer.Escape(category.Name.For(language, own)));
            if (category.Special)
            {
                md.Append(" — **").Append(T("breach.notification.special")).Append("**");
            }

            if (category.NationalId)
            {
                md.Append(" — **").Append(T("breach.notification.national-id")).Append("**");
            }

            md.AppendLine();
        }

        md.AppendLine().AppendLine(Fill("breach.notification.records-count", ("count", Number(counts.Records))));
        foreach (var store in counts.Datastores.Where(d => d.Problem is not null))
        {
            md.AppendLine().AppendLine(Fill("breach.notification.not-counted", ("datastore", NoticeRenderer.Escape(store.Datastore))));
        }

        md.AppendLine();
        md.Append("## ").AppendLine(T("breach.notification.contact")).AppendLine();
        var dpo = manifest.Organization.DataProtectionOfficer;
        md.AppendLine(NoticeRenderer.Escape(dpo is null ? $"{tenant.Name}, {tenant.ContactEmail}" : $"{dpo}, {tenant.ContactEmail}")).AppendLine();

        md.Append("## ").AppendLine(T("breach.notification.consequences")).AppendLine();
        md.AppendLine(Given(breach.Consequences, T)).AppendLine();
        md.Append("## ").AppendLine(T("breach.notification.measures")).AppendLine();
        md.AppendLine(Given(breach.Measures, T)).AppendLine();

        md.Append("## ").AppendLine(T("breach.notification.risk")).AppendLine();
        md.Append(T(TextId.BreachRisk(breach.Risk))).Append(": ").AppendLine(Given(breach.RiskReasons, T)).AppendLine();

        md.Append("## ").AppendLine(T("breach.notification.timing")).AppendLine();
        var clock = breach.Clock;
        md.AppendLine(Fill("breach.notification.deadline", ("deadline", When(clock.Deadline))));
        var first = breach.NotifiedAt ?? madeAt;
        if (clock.IsLate(first))
        {
            md.AppendLine().AppendLine(Fill("breach.notification.late", ("reason", Given(breach.LateReason, T))));
        }

        return md.ToString();
    }

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().DisableHtml().Build();

    /// <summary>The notification as HTML, raw HTML in it disabled: what the console shows and the officer sends.</summary>
    public static string Html(string markdown) => Markdown.ToHtml(markdown, Pipeline);

    private static string Given(string? text, Func<string, string> t) =>
        string.IsNullOrWhiteSpace(text) ? t("breach.notification.unknown") : NoticeRenderer.Escape(text);
}

/// <summary>Which part of the notification this is: 1 for the first, then each phase with what it adds (Art. 33(4)).</summary>
public sealed record NotificationPart(int Phase, string? Added);
