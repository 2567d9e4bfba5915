using System.Globalization;
using Lethe.DataMap;

namespace Lethe.Localization;

/// <summary>
/// The data map's codes said in words of a language, for the records, the notice and the answer: a legal basis
/// (<c>legitimate-interests</c>), a transfer's safeguard (<c>adequacy</c>), a processor's role, and an ISO 8601 period
/// (<c>P5Y6M</c> is "5 years and 6 months", "5 år og 6 måneder"). A code the catalogue has no words for is shown as
/// written: the data map's rules already refuse unknown ones, so that is a file read before they existed.
/// </summary>
public static class LegalWords
{
    /// <summary>A legal basis of Art. 6(1) as a label with its provision: "Legitime interesser (art. 6, stk. 1, litra f)".</summary>
    public static string Basis(string basis, string language) => Texts.Find(TextId.Basis(basis), language) ?? basis;

    /// <summary>A transfer's Chapter V safeguard: "adequacy decision (Art. 45)".</summary>
    public static string Safeguard(string safeguard, string language) => Texts.Find(TextId.Safeguard(safeguard), language) ?? safeguard;

    /// <summary>A recipient's role as a label: "processor", "databehandler".</summary>
    public static string ProcessorRole(string role, string language) => Texts.Find(TextId.ProcessorRole(role), language) ?? role;

    /// <summary>An ISO 8601 period in words; text that is no period is shown as written.</summary>
    public static string Period(string iso, string language) => IsoPeriod.Parse(iso) is { } period ? Period(period, language) : iso;

    /// <summary>The period in words: "5 years and 6 months", "5 år og 6 måneder", "90 dage", "1 år, 2 måneder og 3 dage".</summary>
    public static string Period(IsoPeriod period, string language)
    {
        var parts = new List<string>();
        if (period.Years > 0)
        {
            parts.Add(Count(period.Years, Texts.Get("period.year", language), Texts.Get("period.years", language)));
        }

        if (period.Months > 0)
        {
            parts.Add(Count(period.Months, Texts.Get("period.month", language), Texts.Get("period.months", language)));
        }

        if (period.Days > 0 || parts.Count == 0)
        {
            parts.Add(Count(period.Days, Texts.Get("period.day", language), Texts.Get("period.days", language)));
        }

        return List(parts, language);
    }

    /// <summary>
    /// A retention rule's periods in words: "kept at least 5 years, deleted at the latest after 5 years and 6 months,
    /// counted from the end of the financial year".
    /// </summary>
    public static string Retention(RetentionRule rule, string language)
    {
        var parts = new List<string>();
        if (rule.Minimum is { } min && IsoPeriod.Parse(min) is { } minimum)
        {
            parts.Add(string.Format(CultureInfo.InvariantCulture, Texts.Get("notice.at_least", language), Period(minimum, language)));
        }

        if (rule.Maximum is { } max && IsoPeriod.Parse(max) is { } maximum)
        {
            var text = rule.Action == "anonymize" ? Texts.Get("notice.anonymized_at_most", language) : Texts.Get("notice.at_most", language);
            parts.Add(string.Format(CultureInfo.InvariantCulture, text, Period(maximum, language)));
        }

        if (rule.CountFrom == "financial-year-end" && parts.Count > 0)
        {
            parts.Add(Texts.Get("notice.from_year_end", language));
        }

        return string.Join(", ", parts);
    }

    /// <summary>
    /// A value of the data map as an import's preview shows it: periods, legal bases, roles, retention actions, datastore
    /// kinds and data categories in words, the rest (names, places, keys) as the file writes them.
    /// </summary>
    public static string ChangedValue(ChangedPart part, string value, string language) => part switch
    {
        ChangedPart.Retention or ChangedPart.Minimum or ChangedPart.Maximum => Period(value, language),
        ChangedPart.LegalBasis => Basis(value, language),
        ChangedPart.Role => ProcessorRole(value, language),
        ChangedPart.Action => Texts.Find(TextId.RetentionAction(value), language) ?? value,
        ChangedPart.Kind => DatastoreKind.TryParse(value, out var kind) ? Texts.Get(TextId.DatastoreKind(kind), language) : value,
        ChangedPart.Category => Texts.Find(TextId.Category(value), language) ?? value,
        ChangedPart.Categories => string.Join(", ", value.Split(", ").Select(c => Texts.Find(TextId.Category(c), language) ?? c)),
        _ => value,
    };

    /// <summary>Items as running text: "a", "a and b", "a, b and c".</summary>
    public static string List(IReadOnlyList<string> items, string language) =>
        items.Count <= 1 ? string.Concat(items) : $"{string.Join(", ", items.Take(items.Count - 1))} {Texts.Get("list.and", language)} {items[^1]}";

    private static string Count(int count, string one, string many) => $"{count.ToString(CultureInfo.InvariantCulture)} {(count == 1 ? one : many)}";
}
