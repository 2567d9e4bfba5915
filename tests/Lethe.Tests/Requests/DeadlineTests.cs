using System.Globalization;
using Lethe.Requests;
using Lethe.Tenancy;

namespace Lethe.Tests.Requests;

public sealed class DeadlineTests
{
    private static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture);

    private static DateOnly D(string iso) => DateOnly.Parse(iso, CultureInfo.InvariantCulture);

    [Theory]
    // The same day of the next month.
    [InlineData("2026-01-15T10:00:00Z", "DK", 0, "2026-02-15")]
    [InlineData("2026-11-24T09:00:00Z", "NO", 0, "2026-12-24")]
    [InlineData("2026-12-31T09:00:00Z", "DK", 0, "2027-01-31")]
    // The month's last day when the day does not exist: 31 January → 28 February, or 29 in a leap year.
    [InlineData("2026-01-31T10:00:00Z", "DK", 0, "2026-02-28")]
    [InlineData("2028-01-31T10:00:00Z", "DK", 0, "2028-02-29")]
    [InlineData("2026-01-29T10:00:00Z", "DK", 0, "2026-02-28")]
    [InlineData("2026-03-31T10:00:00Z", "NO", 0, "2026-04-30")]
    [InlineData("2026-08-31T10:00:00Z", "DK", 0, "2026-09-30")]
    // Receipt is the controller's day: 23:30 UTC on 31 January is 1 February in Copenhagen and Oslo (CET, UTC+1) …
    [InlineData("2026-01-31T23:30:00Z", "DK", 0, "2026-03-01")]
    [InlineData("2026-01-31T23:30:00Z", "NO", 0, "2026-03-01")]
    // … and 22:30 UTC in summer time (CEST, UTC+2) is already the next day too.
    [InlineData("2026-06-30T22:30:00Z", "DK", 0, "2026-08-01")]
    [InlineData("2026-06-30T21:30:00Z", "DK", 0, "2026-07-30")]
    // An extension adds up to two months, counted from receipt the same way.
    [InlineData("2026-01-31T10:00:00Z", "DK", 1, "2026-03-31")]
    [InlineData("2026-01-31T10:00:00Z", "DK", 2, "2026-04-30")]
    [InlineData("2026-11-30T10:00:00Z", "NO", 2, "2027-02-28")]
    [InlineData("2027-11-30T10:00:00Z", "NO", 2, "2028-02-29")]
    public void The_deadline_is_one_month_from_receipt_in_the_controllers_time_zone(string received, string country, int extension, string due) =>
        Deadline.Due(At(received), Enum.Parse<Country>(country), extension).ShouldBe(D(due));

    [Fact]
    public void Every_day_of_four_years_has_a_deadline_in_the_next_month_never_before_the_same_day()
    {
        for (var day = D("2026-01-01"); day < D("2030-01-01"); day = day.AddDays(1))
        {
            var received = new DateTimeOffset(day.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);
            var due = Deadline.Due(received, Country.DK);
            var next = day.AddDays(1 - day.Day).AddMonths(1);
            (due.Year, due.Month).ShouldBe((next.Year, next.Month), day.ToString("O", CultureInfo.InvariantCulture));
            due.Day.ShouldBe(Math.Min(day.Day, DateTime.DaysInMonth(next.Year, next.Month)));
            Deadline.Due(received, Country.DK, 2).ShouldBe(day.AddMonths(3));
        }
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(3)]
    public void An_extension_beyond_two_months_is_refused(int months) =>
        Should.Throw<ArgumentOutOfRangeException>(() => Deadline.Due(At("2026-01-15T10:00:00Z"), Country.DK, months));

    [Fact]
    public void A_request_is_late_only_from_the_day_after_its_deadline()
    {
        var due = D("2026-02-28");
        Deadline.IsOverdue(due, At("2026-02-28T22:59:00Z"), Country.DK).ShouldBeFalse();
        Deadline.IsOverdue(due, At("2026-02-28T23:00:00Z"), Country.DK).ShouldBeTrue();
    }
}
