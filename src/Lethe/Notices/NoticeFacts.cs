using Lethe.DataMap;

namespace Lethe.Notices;

/// <summary>
/// What a notice promises, as comparable lines: each retention period, recipient, transfer, and each activity's legal
/// basis, subjects and categories. Stored with every published version so <c>lethe notice check</c> can compare.
/// </summary>
public static class NoticeFacts
{
    public static IReadOnlyList<string> Of(Manifest m)
    {
        var facts = new List<string>();
        facts.AddRange(m.RetentionRules.Select(r => $"retention {r.Key}: minimum {r.Minimum ?? "-"}, maximum {r.Maximum ?? "-"}, {r.Action}{(r.CountFrom == "financial-year-end" ? ", from the end of the financial year" : "")}"));
        facts.AddRange(m.Processors.Where(p => m.Activities.Any(a => a.Recipients.Contains(p.Key)))
            .Select(p => $"recipient {p.Key}: {p.Name} ({p.Role}, {p.Location})"));
        facts.AddRange(m.Activities.SelectMany(a => a.Transfers).Distinct().Select(t => $"transfer: {t.Recipient}, {t.Country} ({t.Safeguard})"));
        foreach (var a in m.Activities)
        {
            facts.Add($"activity {a.Key}: {a.Role}, {a.LegalBasis}, retention {a.Retention ?? "-"}");
            facts.Add($"activity {a.Key} subjects: {string.Join(", ", a.Subjects.Order(StringComparer.Ordinal))}");
            facts.Add($"activity {a.Key} categories: {string.Join(", ", a.Categories.Order(StringComparer.Ordinal))}");
        }

        return facts.Order(StringComparer.Ordinal).ToList();
    }
}
