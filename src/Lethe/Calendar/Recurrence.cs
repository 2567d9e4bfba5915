using Lethe.Requests;
using Lethe.Tenancy;

namespace Lethe.Calendar;

/// <summary>
/// How often a duty comes round, in whole months, counted from the day it was last done — or, before it was ever done,
/// from the day the tenant started with Lethe. Counting from the last completion rather than from the previous due
/// date means a review done late (or early) sets the next one six months after it was actually done: the policy
/// promises a control every half year, not on fixed dates. Month ends follow <see cref="DateOnly.AddMonths"/>: a duty
/// done on 31 August is next due on the last day of February (28th, or 29th in a leap year).
/// </summary>
public sealed record Recurrence(int Months)
{
    public static Recurrence HalfYearly { get; } = new(6);

    public static Recurrence Yearly { get; } = new(12);

    /// <summary>The day the duty is next due, in the tenant's own calendar.</summary>
    public DateOnly NextDue(DateOnly? lastDone, DateOnly start) => (lastDone ?? start).AddMonths(Months);

    /// <summary>
    /// The day an instant falls on where the tenant is: due dates are dates in the tenant's time zone, so a review
    /// completed at 23:30 UTC on a summer evening counts as done the next day in Copenhagen.
    /// </summary>
    public static DateOnly LocalDay(DateTime utc, Country country) =>
        Deadline.ReceivedOn(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)), country);
}
