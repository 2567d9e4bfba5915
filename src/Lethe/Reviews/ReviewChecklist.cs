using System.Globalization;
using Lethe.Common;
using Lethe.DataMap;
using Lethe.Localization;
using Lethe.Retention;
using Lethe.Scanning;
using Lethe.Work;

namespace Lethe.Reviews;

/// <summary>One line the checklist will hold, before it is stored.</summary>
public sealed record ChecklistEntry(ReviewItemKind Kind, string Key, string Label);

/// <summary>
/// The half-yearly review's checklist, made from the data map as it stands and what Lethe saw go wrong: every system,
/// activity, retention rule and processor of the data map, every finding of the latest scan the data map does not yet
/// say, and every job that failed and waits for someone. Decided without a database, so each case is a table test.
/// </summary>
public static class ReviewChecklist
{
    public static IReadOnlyList<ChecklistEntry> From(
        Manifest manifest, IReadOnlyList<ScanFinding> latestFindings, IReadOnlyList<StalledJob> failedJobs, RetentionRun? lastRetention)
    {
        var language = manifest.DefaultLanguage;
        var entries = new List<ChecklistEntry>();
        entries.AddRange(manifest.Systems.Select(s => new ChecklistEntry(ReviewItemKind.System, s.Key,
            $"{manifest.Say(s.Name, language)} ({string.Join(", ", s.Datastores.Select(d => $"{s.Key}.{d.Key}"))})")));
        entries.AddRange(manifest.Activities.Select(a => new ChecklistEntry(ReviewItemKind.Activity, a.Key,
            $"{manifest.Say(a.Purpose, language)} — {LegalWords.Basis(a.LegalBasis, language)}")));
        entries.AddRange(manifest.RetentionRules.Select(r => new ChecklistEntry(ReviewItemKind.RetentionRule, r.Key,
            $"{manifest.Say(r.Description, language)} — {LegalWords.Retention(r, language)}{(r.LegalReference is null ? "" : $" ({r.LegalReference})")}")));
        entries.AddRange(manifest.Processors.Select(p => new ChecklistEntry(ReviewItemKind.Processor, p.Key,
            $"{p.Name} — {manifest.Say(p.Service, language)} ({p.Location}, {LegalWords.ProcessorRole(p.Role, language)}{(p.AgreementDate is { } d ? $", {d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}" : "")})")));
        // Findings the data map already says need no decision; the rest ask the reviewer to describe, keep or mask.
        entries.AddRange(latestFindings.Where(f => ScanSuggestion.AdviceFor(f) != ScanAdvice.AsDescribed)
            .OrderBy(f => f.Datastore, StringComparer.Ordinal).ThenBy(f => f.Table, StringComparer.Ordinal).ThenBy(f => f.Column, StringComparer.Ordinal).ThenBy(f => f.Kind)
            .Select(f => new ChecklistEntry(ReviewItemKind.ScanFinding, $"{f.Datastore}.{f.Table}.{f.Column}:{f.Kind.ToWire()}",
                T("review.item.scan_finding", language, $"{f.Datastore}.{f.Table}.{f.Column}", Texts.Get(TextId.DetectorKind(f.Kind), language), f.Rows)))
            .DistinctBy(e => e.Key));
        entries.AddRange(failedJobs.OrderBy(j => j.Kind).ThenBy(j => j.Id).Select(j => new ChecklistEntry(ReviewItemKind.FailedJob, j.Name,
            (j.GaveUp ? T("review.item.job_given_up", language, j.Name, j.What, j.Attempts) : T("review.item.job_failing", language, j.Name, j.What, j.Attempts)))));
        if (lastRetention is { FinishedAt: not null, Errors: > 0 } run)
        {
            entries.Add(new ChecklistEntry(ReviewItemKind.FailedJob, $"retention-run {run.Id}",
                T("review.item.retention_failed", language, run.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), run.Errors)));
        }

        return entries;
    }

    /// <summary>A line of the checklist in the tenant's language; numbers in plain digits, as the rest of the checklist writes them.</summary>
    private static string T(string id, string language, params object?[] values) =>
        string.Format(CultureInfo.InvariantCulture, Texts.Get(id, language), values);
}
