using System.Globalization;
using Lethe.DataMap;

namespace Lethe.Execution;

/// <summary>Why a row may not be erased yet, and until when.</summary>
public sealed record Hold(DateOnly Until, string Rule, string? LegalReference, string? Because = null);

/// <summary>
/// Legal holds: rows under a retention rule whose minimum period has not passed (invoices under the bookkeeping act) are
/// kept, and so are the rows they reference that the person owns (the customer an invoice is made out to), until the
/// latest hold among them ends.
/// </summary>
public static class LegalHolds
{
    /// <returns>Held rows by collection and key (the key as invariant text).</returns>
    public static Dictionary<(string Collection, string Key), Hold> Find(Manifest manifest, WalkPlan plan, WalkResult found, DateOnly today)
    {
        var holds = new Dictionary<(string, string), Hold>();
        foreach (var rule in manifest.RetentionRules)
        {
            if (rule.Minimum is null || IsoPeriod.Parse(rule.Minimum) is not { } period || rule.Anchor is not { } anchor
                || anchor.Datastore.ToString() != plan.Datastore || found.Context.Contains(anchor.Collection.Name))
            {
                continue;
            }

            var collection = anchor.Collection.Name;
            var keyColumn = plan.RowKeys.GetValueOrDefault(collection, "id");
            foreach (var row in found.In(collection))
            {
                if (AsDate(row.GetValueOrDefault(anchor.Name)) is { } start
                    && FinancialYear.PeriodEnds(start, period, rule.CountFrom, manifest.Organization.FinancialYearEnd) is var until && until > today)
                {
                    Hold(holds, (collection, KeyText(row.GetValueOrDefault(keyColumn))), new Hold(until, rule.Key, rule.LegalReference));
                }
            }
        }

        // Upwards: a held row keeps the rows it references among the person's own, as long as it is held itself.
        for (var changed = holds.Count > 0; changed;)
        {
            changed = false;
            foreach (var step in plan.Steps.Where(s => s.Kind == StepKind.BelongsTo))
            {
                var parentKey = plan.RowKeys.GetValueOrDefault(step.FromCollection!, "id");
                var childKey = plan.RowKeys.GetValueOrDefault(step.Collection, "id");
                var heldReferences = new Dictionary<string, Hold>(StringComparer.Ordinal);
                foreach (var child in found.In(step.Collection))
                {
                    if (holds.TryGetValue((step.Collection, KeyText(child.GetValueOrDefault(childKey))), out var hold) && child.GetValueOrDefault(step.KeyColumn!) is { } reference)
                    {
                        var text = KeyText(reference);
                        if (!heldReferences.TryGetValue(text, out var latest) || hold.Until > latest.Until)
                        {
                            heldReferences[text] = hold;
                        }
                    }
                }

                foreach (var parent in found.In(step.FromCollection!))
                {
                    if (heldReferences.TryGetValue(KeyText(parent.GetValueOrDefault(step.FromColumn!)), out var hold))
                    {
                        changed |= Hold(holds, (step.FromCollection!, KeyText(parent.GetValueOrDefault(parentKey))), hold with { Because = hold.Because ?? step.Collection });
                    }
                }
            }
        }

        // Downwards: rows that belong to a held row are held with it when the rule requires their collection (an invoice's lines).
        var requiring = manifest.RetentionRules.Where(r => r.Requires.Count > 0).ToDictionary(r => r.Key, r => r.Requires, StringComparer.Ordinal);
        for (var changed = holds.Count > 0 && requiring.Count > 0; changed;)
        {
            changed = false;
            foreach (var step in plan.Steps.Where(s => s.Kind == StepKind.BelongsTo))
            {
                var parentKey = plan.RowKeys.GetValueOrDefault(step.FromCollection!, "id");
                var childKey = plan.RowKeys.GetValueOrDefault(step.Collection, "id");
                var heldParents = new Dictionary<string, Hold>(StringComparer.Ordinal);
                foreach (var parent in found.In(step.FromCollection!))
                {
                    // Only from rows held for themselves (anchors, and rows below them), never from a parent held because it is referenced.
                    if (holds.TryGetValue((step.FromCollection!, KeyText(parent.GetValueOrDefault(parentKey))), out var hold)
                        && hold.Because is null
                        && requiring.TryGetValue(hold.Rule, out var requires)
                        && requires.Any(r => r.Collection == step.Collection)
                        && parent.GetValueOrDefault(step.FromColumn!) is { } value)
                    {
                        heldParents[KeyText(value)] = hold;
                    }
                }

                foreach (var child in found.In(step.Collection))
                {
                    if (heldParents.TryGetValue(KeyText(child.GetValueOrDefault(step.KeyColumn!)), out var hold))
                    {
                        changed |= Hold(holds, (step.Collection, KeyText(child.GetValueOrDefault(childKey))), hold with { Because = null });
                    }
                }
            }
        }

        // Across owns: a held row keeps the row it owns (the customer's address) when the rule requires that collection.
        foreach (var step in plan.Steps.Where(s => s.Kind == StepKind.Owns))
        {
            var fromKey = plan.RowKeys.GetValueOrDefault(step.FromCollection!, "id");
            var targetKey = plan.RowKeys.GetValueOrDefault(step.Collection, "id");
            var heldTargets = new Dictionary<string, Hold>(StringComparer.Ordinal);
            foreach (var row in found.In(step.FromCollection!))
            {
                if (holds.TryGetValue((step.FromCollection!, KeyText(row.GetValueOrDefault(fromKey))), out var hold)
                    && requiring.TryGetValue(hold.Rule, out var requires)
                    && requires.Any(r => r.Collection == step.Collection)
                    && row.GetValueOrDefault(step.FromColumn!) is { } value
                    && (!heldTargets.TryGetValue(KeyText(value), out var latest) || hold.Until > latest.Until))
                {
                    heldTargets[KeyText(value)] = hold;
                }
            }

            foreach (var target in found.In(step.Collection))
            {
                if (heldTargets.TryGetValue(KeyText(target.GetValueOrDefault(step.KeyColumn!)), out var hold))
                {
                    Hold(holds, (step.Collection, KeyText(target.GetValueOrDefault(targetKey))), hold with { Because = hold.Because ?? step.FromCollection });
                }
            }
        }

        return holds;
    }

    /// <summary>A row key as text, the same for 7, 7L and "7".</summary>
    public static string KeyText(object? key) => key switch
    {
        null => "",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => key.ToString() ?? "",
    };

    /// <summary>A date column's value as a date: PostgreSQL's date/timestamp types, or SQLite's ISO text.</summary>
    public static DateOnly? AsDate(object? value) => value switch
    {
        DateOnly d => d,
        DateTime t => DateOnly.FromDateTime(t.Kind == DateTimeKind.Local ? t.ToUniversalTime() : t),
        DateTimeOffset o => DateOnly.FromDateTime(o.UtcDateTime),
        string s when DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) => DateOnly.FromDateTime(parsed.UtcDateTime),
        _ => null,
    };

    private static bool Hold(Dictionary<(string, string), Hold> holds, (string, string) row, Hold hold)
    {
        if (holds.TryGetValue(row, out var existing) && existing.Until >= hold.Until)
        {
            return false;
        }

        holds[row] = hold;
        return true;
    }
}
