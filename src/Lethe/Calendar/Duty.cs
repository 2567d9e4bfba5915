namespace Lethe.Calendar;

/// <summary>
/// One recurring duty as it stands: what (kind, and the system or processor it is about), whose, when it is next due
/// and when it was last done. Holds no personal data beyond the owner's sign-in name.
/// </summary>
/// <param name="Subject">The system key for a risk assessment, the processor key for an agreement review; null for tenant-wide duties.</param>
public sealed record Duty(DutyKind Kind, string? Subject, DutyOwner Owner, DateOnly DueOn, DateOnly? LastDoneOn, Recurrence Recurrence)
{
    /// <summary>How the duty is named in JSON and the CLI: <c>risk-assessment:crm</c>, <c>half-yearly-review</c>.</summary>
    public string Id => Subject is null ? Common.WireNames.ToWire(Kind) : $"{Common.WireNames.ToWire(Kind)}:{Subject}";
}

/// <summary>Where a duty stands on a day.</summary>
public enum DutyState
{
    /// <summary>Due later than <see cref="ComplianceCalendar.DueSoonDays"/> days from today.</summary>
    Upcoming = 1,

    /// <summary>Due within <see cref="ComplianceCalendar.DueSoonDays"/> days, or today.</summary>
    Due,

    /// <summary>Its day has passed.</summary>
    Overdue,
}

/// <summary>A duty as the calendar shows it on <see cref="DutyFacts.Today"/>: its state and the days left (negative: overdue).</summary>
public sealed record ScheduledDuty(Duty Duty, DutyState State, int DaysLeft);
