namespace Lethe.Calendar;

/// <summary>Every source's duties for one tenant on one day, the most urgent first.</summary>
public static class ComplianceCalendar
{
    /// <summary>A duty is "due" this many days before its day, so it is seen while there is time to do it.</summary>
    public const int DueSoonDays = 30;

    /// <remarks>
    /// A duty given to someone by hand is theirs, whatever its source would say (the officers, whoever did it last),
    /// except while another has it in hand: the review someone has started is shown as theirs until it is completed.
    /// </remarks>
    public static IReadOnlyList<ScheduledDuty> For(DutyFacts facts, IEnumerable<IDutySource> sources) =>
        sources.SelectMany(s => s.DutiesFor(facts))
            .Select(d => facts.Assigned.TryGetValue(d.Id, out var owner) && !facts.InHand.ContainsKey(d.Id) ? d with { Owner = DutyOwner.GivenTo(owner) } : d)
            .Select(d => On(d, facts.Today))
            .OrderBy(d => d.Duty.DueOn).ThenBy(d => d.Duty.Kind).ThenBy(d => d.Duty.Subject, StringComparer.Ordinal)
            .ToList();

    /// <summary>The duty's state on <paramref name="today"/>: overdue from the day after its day, as deadlines are counted.</summary>
    public static ScheduledDuty On(Duty duty, DateOnly today)
    {
        var left = duty.DueOn.DayNumber - today.DayNumber;
        var state = left < 0 ? DutyState.Overdue : left <= DueSoonDays ? DutyState.Due : DutyState.Upcoming;
        return new ScheduledDuty(duty, state, left);
    }
}
