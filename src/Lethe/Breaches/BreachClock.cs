namespace Lethe.Breaches;

/// <summary>
/// The 72-hour clock of Art. 33(1): the authority is to be told within 72 hours of the controller becoming aware of a
/// breach, counted as elapsed time on UTC instants — a night when the clocks change is still 72 hours, not three
/// calendar days. Reminders fall at 24, 48 and 66 hours; a notification after the deadline must say why it is late.
/// </summary>
public sealed record BreachClock
{
    public static readonly TimeSpan Limit = TimeSpan.FromHours(72);

    /// <summary>When the officer is reminded, counted from awareness: a day, two days, and six hours before the end.</summary>
    public static readonly IReadOnlyList<TimeSpan> ReminderOffsets = [TimeSpan.FromHours(24), TimeSpan.FromHours(48), TimeSpan.FromHours(66)];

    public BreachClock(DateTime awareAt)
    {
        if (awareAt.Kind != DateTimeKind.Utc)
        {
            throw new ArgumentException("The clock counts from a UTC instant; a local time would make a DST night an hour short or long.", nameof(awareAt));
        }

        AwareAt = awareAt;
    }

    public DateTime AwareAt { get; }

    /// <summary>The last instant a notification is on time.</summary>
    public DateTime Deadline => AwareAt + Limit;

    public IReadOnlyList<DateTime> Reminders => ReminderOffsets.Select(o => AwareAt + o).ToList();

    /// <summary>Time left until the deadline; negative once it has passed.</summary>
    public TimeSpan Left(DateTime now) => Deadline - now;

    /// <summary>Whether a notification made at <paramref name="at"/> is late, and so needs its reason recorded (Art. 33(1)).</summary>
    public bool IsLate(DateTime at) => at > Deadline;

    /// <summary>The reminders whose time has come by <paramref name="now"/>.</summary>
    public IReadOnlyList<DateTime> RemindersDue(DateTime now) => Reminders.Where(r => r <= now).ToList();

    /// <summary>
    /// The reminder to send at <paramref name="now"/>, as its offset from awareness: the latest whose time has come, so a
    /// worker that was stopped for a day sends one reminder rather than a pile; none before 24 hours, and none once the
    /// deadline has passed — then the breach is overdue, which the console shows, and a "six hours left" would be untrue.
    /// </summary>
    public TimeSpan? ReminderDue(DateTime now) =>
        IsLate(now) ? null : ReminderOffsets.Where(o => AwareAt + o <= now).Select(o => (TimeSpan?)o).LastOrDefault();

    /// <summary>The next reminder after <paramref name="now"/>; null after the last.</summary>
    public DateTime? NextReminder(DateTime now) => Reminders.Where(r => r > now).Select(r => (DateTime?)r).FirstOrDefault();
}
