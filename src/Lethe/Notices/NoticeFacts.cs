using System.Globalization;
using Lethe.DataMap;
using Lethe.Localization;

namespace Lethe.Notices;

/// <summary>
/// What a notice promises, as comparable lines: each retention period, recipient, transfer, and each activity's legal
/// basis, subjects and categories. Stored with every published version so <c>lethe notice check</c> can compare.
/// </summary>
public static class NoticeFacts
{
    /// <summary>The lines as stored with a version and compared (English codes, stable across releases), sorted.</summary>
    public static IReadOnlyList<string> Of(Manifest m) => Each(m).Select(f => f.Line).Order(StringComparer.Ordinal).ToList();

    /// <summary>Each of <see cref="Of"/>'s lines said in words of <paramref name="language"/>, for a person reading the check.</summary>
    public static IReadOnlyDictionary<string, string> Said(Manifest m, string language)
    {
        var said = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var fact in Each(m))
        {
            said.TryAdd(fact.Line, fact.Say(language));
        }

        return said;
    }

    /// <summary>The facts of <paramref name="m"/>, each its line and its words.</summary>
    public static IEnumerable<NoticeFact> Each(Manifest m)
    {
        foreach (var r in m.RetentionRules)
        {
            yield return new NoticeFact(
                $"retention {r.Key}: minimum {r.Minimum ?? "-"}, maximum {r.Maximum ?? "-"}, {r.Action}{(r.CountFrom == "financial-year-end" ? ", from the end of the financial year" : "")}",
                language => Format(Texts.Get("console.notices.fact.retention", language), m.Say(r.Description, language), Periods(r, language)));
        }

        foreach (var p in m.Processors.Where(p => m.Activities.Any(a => a.Recipients.Contains(p.Key))))
        {
            yield return new NoticeFact(
                $"recipient {p.Key}: {p.Name} ({p.Role}, {p.Location})",
                language => Format(Texts.Get("console.notices.fact.recipient", language), p.Name, LegalWords.ProcessorRole(p.Role, language), p.Location));
        }

        foreach (var t in m.Activities.SelectMany(a => a.Transfers).Distinct())
        {
            yield return new NoticeFact(
                $"transfer: {t.Recipient}, {t.Country} ({t.Safeguard})",
                language => Format(Texts.Get("console.notices.fact.transfer", language), t.Recipient, t.Country, LegalWords.Safeguard(t.Safeguard, language)));
        }

        foreach (var a in m.Activities)
        {
            var subjects = a.Subjects.Order(StringComparer.Ordinal).ToList();
            var kinds = a.Categories.Order(StringComparer.Ordinal).ToList();
            yield return new NoticeFact(
                $"activity {a.Key}: {a.Role}, {a.LegalBasis}, retention {a.Retention ?? "-"}",
                language => Format(Texts.Get("console.notices.fact.activity", language), Purpose(m, a, language), LegalWords.Basis(a.LegalBasis, language),
                    a.Retention is { } key && m.RetentionRules.FirstOrDefault(r => r.Key == key) is { } rule ? Periods(rule, language)
                    : a.Retention ?? Texts.Get("console.notices.fact.no_retention", language)));
            yield return new NoticeFact(
                $"activity {a.Key} subjects: {string.Join(", ", subjects)}",
                language => Format(Texts.Get("console.notices.fact.subjects", language), Purpose(m, a, language),
                    string.Join(", ", subjects.Select(new ManifestWords(m, language).Subject))));
            yield return new NoticeFact(
                $"activity {a.Key} categories: {string.Join(", ", kinds)}",
                language => Format(Texts.Get("console.notices.fact.categories", language), Purpose(m, a, language),
                    string.Join(", ", kinds.Select(new ManifestWords(m, language).Category))));
        }
    }

    /// <summary>A rule's periods in words; a rule of no period by what it does.</summary>
    private static string Periods(RetentionRule rule, string language) =>
        LegalWords.Retention(rule, language) is { Length: > 0 } periods ? periods : Texts.Find(TextId.RetentionAction(rule.Action), language) ?? rule.Action;

    private static string Purpose(Manifest m, ProcessingActivity a, string language) =>
        a.Role == "processor" ? Format(Texts.Get("console.notices.fact.on_behalf", language), m.Say(a.Purpose, language)) : m.Say(a.Purpose, language);

    private static string Format(string text, params object[] values) => string.Format(CultureInfo.InvariantCulture, text, values);
}
