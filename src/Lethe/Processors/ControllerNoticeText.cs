using System.Globalization;
using System.Text;
using Lethe.Breaches;
using Lethe.DataMap;
using Lethe.Localization;
using Lethe.Notices;
using Lethe.Requests;
using Lethe.Tenancy;

namespace Lethe.Processors;

/// <summary>
/// The processor's notice of a breach to one controller, as Markdown in the controller's language: what happened, when
/// the processor became aware, the categories and counts for that controller, the measures and the contact — the
/// content the controller needs for its own Art. 33(3) notification. Every sentence comes from the catalogue; the
/// officer's words and the data map's names are escaped.
/// </summary>
public static class ControllerNoticeText
{
    public static string Render(Breach breach, Tenant processor, Manifest? manifest, BreachImpact? impact, Tenant controller, long? people, long? records, DateTime sentAt)
    {
        var language = ControllerAdmins.LanguageOf(controller);
        var own = manifest?.DefaultLanguage ?? "en";
        string T(string id) => Texts.Get(id, language);
        string When(DateTime utc) => LocalTime.Format(utc, controller.Country, language);
        string Fill(string id, string name, string value) => Texts.Fill(T(id), new Dictionary<string, string>(StringComparer.Ordinal) { [name] = value });
        string Number(long n) => n.ToString("N0", RequestLanguage.Culture(language));
        string Given(string? text) => string.IsNullOrWhiteSpace(text) ? T("breach.notification.unknown") : NoticeRenderer.Escape(text);

        var md = new StringBuilder();
        md.Append("# ").AppendLine(T("processors.breach.title")).AppendLine();
        md.Append("**").Append(T("processors.breach.from")).Append("** ")
            .AppendLine(NoticeRenderer.Escape($"{processor.Name}, {processor.RegistrationNumber}, {processor.Address}")).AppendLine();
        md.Append("**").Append(T("processors.breach.to")).Append("** ").AppendLine(NoticeRenderer.Escape(controller.Name)).AppendLine();
        md.Append("**").Append(T("processors.breach.sent")).Append("** ").AppendLine(When(sentAt)).AppendLine();

        md.Append("## ").AppendLine(T("breach.notification.nature")).AppendLine();
        md.AppendLine(NoticeRenderer.Escape(breach.Description)).AppendLine();
        md.Append("- ").Append(T("breach.notification.occurred")).Append(' ')
            .AppendLine(breach.OccurredAt is { } occurred ? When(occurred) : T("breach.notification.unknown"));
        md.Append("- ").Append(T("processors.breach.aware")).Append(' ').AppendLine(When(breach.AwareAt));
        if (impact is not null && manifest is not null)
        {
            md.Append("- ").Append(T("breach.notification.systems")).Append(' ').AppendLine(string.Join(", ", impact.Systems
                .Select(key => manifest.Systems.First(s => s.Key == key).Name.For(language, own)).Select(NoticeRenderer.Escape)));
        }

        md.AppendLine();
        md.Append("## ").AppendLine(T("breach.notification.people")).AppendLine();
        foreach (var subject in impact?.Subjects ?? [])
        {
            md.Append("- ").AppendLine(NoticeRenderer.Escape(subject.Name.For(language, own)));
        }

        md.AppendLine().AppendLine(people is { } p ? Fill("breach.notification.people-count", "count", Number(p)) : T("processors.breach.count-unknown")).AppendLine();
        md.Append("## ").AppendLine(T("breach.notification.data")).AppendLine();
        foreach (var category in impact?.DataCategories ?? [])
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

        md.AppendLine().AppendLine(records is { } r ? Fill("breach.notification.records-count", "count", Number(r)) : T("processors.breach.count-unknown")).AppendLine();
        md.Append("## ").AppendLine(T("breach.notification.consequences")).AppendLine();
        md.AppendLine(Given(breach.Consequences)).AppendLine();
        md.Append("## ").AppendLine(T("breach.notification.measures")).AppendLine();
        md.AppendLine(Given(breach.Measures)).AppendLine();
        md.Append("## ").AppendLine(T("breach.notification.contact")).AppendLine();
        var dpo = manifest?.Organization.DataProtectionOfficer;
        md.AppendLine(NoticeRenderer.Escape(dpo is null ? $"{processor.Name}, {processor.ContactEmail}" : $"{dpo}, {processor.ContactEmail}")).AppendLine();
        md.Append("## ").AppendLine(T("processors.breach.duty")).AppendLine();
        md.AppendLine(Fill("processors.breach.duty-text", "sent", When(sentAt)));
        return md.ToString();
    }

    /// <summary>Counts as the processor gave them for one controller, for the audit entry: never names or values.</summary>
    public static string Count(long? n) => n?.ToString(CultureInfo.InvariantCulture) ?? "unknown";
}
