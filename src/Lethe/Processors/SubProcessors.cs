using Lethe.DataMap;

namespace Lethe.Processors;

/// <summary>A sub-processor the data map adds or replaces: the new entry, and the name it had before when replaced.</summary>
public sealed record SubProcessorAdded(Processor Processor, string? Replaces);

/// <summary>
/// The sub-processors a processor tenant uses for the customers it serves, read from its data map: every entry of
/// <c>processors[]</c> with <c>role: sub-processor</c> serves every customer tenant linked to it
/// (<see cref="Tenancy.Tenant.ServedBy"/>). Plain rules over manifests, so the notice's cases are table tests.
/// </summary>
public static class SubProcessors
{
    /// <summary>The notice promised when an agreement does not say: 30 days, the period customers' agreements most often name.</summary>
    public static readonly IsoPeriod DefaultNotice = new(0, 0, 30);

    public static IReadOnlyList<Processor> Of(Manifest? manifest) =>
        manifest?.Processors.Where(p => p.Role == "sub-processor").ToList() ?? [];

    /// <summary>
    /// What going from <paramref name="before"/> to <paramref name="after"/> adds or replaces: a key that was no
    /// sub-processor before is added; one whose name or location changed is another company doing the work, so it is
    /// replaced. A sub-processor removed needs no notice: customers are not asked to accept less processing.
    /// </summary>
    public static IReadOnlyList<SubProcessorAdded> Added(Manifest? before, Manifest after)
    {
        var old = Of(before).ToDictionary(p => p.Key, StringComparer.Ordinal);
        var added = new List<SubProcessorAdded>();
        foreach (var p in Of(after))
        {
            if (!old.TryGetValue(p.Key, out var was))
            {
                added.Add(new SubProcessorAdded(p, null));
            }
            else if (was.Name != p.Name || was.Location != p.Location)
            {
                added.Add(new SubProcessorAdded(p, was.Name));
            }
        }

        return added;
    }

    /// <summary>The notice period for <paramref name="processor"/>: its agreement's, else <see cref="DefaultNotice"/>.</summary>
    public static IsoPeriod NoticeFor(Processor processor) =>
        processor.NoticePeriod is { } text && IsoPeriod.Parse(text) is { } period ? period : DefaultNotice;

    /// <summary>
    /// When a change opened at <paramref name="openedAt"/> takes effect: the period counted in calendar days from that
    /// instant, so a 30-day notice opened at 14:00 ends 30 days later at 14:00 whatever the clocks did in between.
    /// </summary>
    public static DateTime EffectiveAt(Processor processor, DateTime openedAt)
    {
        var period = NoticeFor(processor);
        return openedAt.AddYears(period.Years).AddMonths(period.Months).AddDays(period.Days);
    }
}
