using Lethe.DataMap;

namespace Lethe.Processors;

/// <summary>A sub-processor the data map adds or replaces: the new entry, and the entry it replaces, if any.</summary>
public sealed record SubProcessorAdded(Processor Processor, Processor? Replaced = null)
{
    /// <summary>The name the sub-processor had before when it is replaced; null when it is new.</summary>
    public string? Replaces => Replaced?.Name;
}

/// <summary>
/// A sub-processor change announced to customers, as <see cref="SubProcessors.AsSeenAt"/> reads it: the processor's own
/// <see cref="SubProcessorChange"/> or the <see cref="SubProcessorNotice"/> a customer received.
/// </summary>
/// <param name="ReplacesLocation">Where the replaced sub-processor was; null when it is new, or for a change announced
/// before Lethe kept it (the entry's location then stands for both).</param>
public sealed record AnnouncedChange(string Key, string Name, string Location, string? Replaces, string? ReplacesLocation, DateTime OpenedAt, DateTime EffectiveAt)
{
    public static AnnouncedChange Of(SubProcessorChange c) => new(c.ProcessorKey, c.Name, c.Location, c.Replaces, c.ReplacesLocation, c.OpenedAt, c.EffectiveAt);

    public static AnnouncedChange Of(SubProcessorNotice n) => new(n.ProcessorKey, n.Name, n.Location, n.Replaces, n.ReplacesLocation, n.OpenedAt, n.EffectiveAt);
}

/// <summary>
/// A sub-processor as customers see it at one moment: in use, or announced and not yet in use. A replaced one is listed
/// twice, under the same key: the company it was, in use until its successor takes effect, and the successor, announced.
/// </summary>
/// <param name="TakesEffectAt">For one announced: when it takes effect and may be used for customers' data. Null: in use.</param>
/// <param name="InUseUntil">For one in use that an announced change replaces: when that change takes effect.</param>
public sealed record ListedSubProcessor(Processor Processor, DateTime? TakesEffectAt = null, DateTime? InUseUntil = null)
{
    public bool InUse => TakesEffectAt is null;
}

/// <summary>
/// The sub-processors a processor tenant uses for the customers it serves, read from its data map: every entry of
/// <c>processors[]</c> with <c>role: sub-processor</c> serves every customer tenant linked to it
/// (<see cref="Tenancy.Tenant.ServedBy"/>). Plain rules over manifests, so the notice's cases are table tests.
/// </summary>
public static class SubProcessors
{
    /// <summary>The notice promised when an agreement does not say: 30 days, the period customers' agreements most often name.</summary>
    public static readonly IsoPeriod DefaultNotice = new(0, 0, 30);

    /// <summary>The data map's role of a sub-processor.</summary>
    public const string Role = "sub-processor";

    public static IReadOnlyList<Processor> Of(Manifest? manifest) =>
        manifest?.Processors.Where(p => p.Role == Role).ToList() ?? [];

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
                added.Add(new SubProcessorAdded(p, was));
            }
        }

        return added;
    }

    /// <summary>
    /// The sub-processors <paramref name="listed"/> (the data map's, which shows a change at once) as customers see them
    /// at <paramref name="now"/>, when the changes <paramref name="announced"/> hold back what has not taken effect yet
    /// (Art. 28(2): customers may object until then): one added is announced, not in use; one replaced stays in use under
    /// its old name and location until its successor takes effect, and the successor is announced. A key changed again
    /// while a change is pending shows the company in use before the first change and the data map's entry, announced
    /// until the last one takes effect.
    /// </summary>
    public static IReadOnlyList<ListedSubProcessor> AsSeenAt(IReadOnlyList<Processor> listed, IReadOnlyList<AnnouncedChange> announced, DateTime now)
    {
        var seen = new List<ListedSubProcessor>();
        foreach (var p in listed)
        {
            var pending = announced.Where(c => c.Key == p.Key && c.EffectiveAt > now).OrderBy(c => c.OpenedAt).ToList();
            if (pending.Count == 0)
            {
                seen.Add(new ListedSubProcessor(p));
                continue;
            }

            var (first, last) = (pending[0], pending[^1]);
            if (first.Replaces is { } previous)
            {
                seen.Add(new ListedSubProcessor(p with { Name = previous, Location = first.ReplacesLocation ?? p.Location }, InUseUntil: last.EffectiveAt));
            }

            seen.Add(new ListedSubProcessor(p, TakesEffectAt: last.EffectiveAt));
        }

        return seen;
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
