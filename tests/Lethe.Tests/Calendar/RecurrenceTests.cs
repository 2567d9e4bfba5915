using Lethe.Calendar;
using Lethe.Tenancy;

namespace Lethe.Tests.Calendar;

public sealed class RecurrenceTests
{
    private static DateOnly D(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    // Month ends: a day the target month lacks becomes its last day.
    [InlineData(6, "2026-08-31", "2027-02-28")]
    [InlineData(6, "2027-08-31", "2028-02-29")]
    [InlineData(6, "2026-03-31", "2026-09-30")]
    [InlineData(6, "2026-12-31", "2027-06-30")]
    [InlineData(6, "2026-06-30", "2026-12-30")]
    // Leap days: a year from 29 February is 28 February; from the 28th, the 28th.
    [InlineData(12, "2028-02-29", "2029-02-28")]
    [InlineData(12, "2027-02-28", "2028-02-28")]
    [InlineData(6, "2028-02-29", "2028-08-29")]
    // Across the year.
    [InlineData(6, "2026-07-15", "2027-01-15")]
    [InlineData(12, "2026-01-01", "2027-01-01")]
    public void The_next_due_day_counts_whole_months_from_the_last_completion(int months, string done, string due) =>
        new Recurrence(months).NextDue(D(done), D("2020-01-01")).ShouldBe(D(due));

    [Fact]
    public void A_duty_never_done_counts_from_the_tenant_s_start() =>
        Recurrence.HalfYearly.NextDue(null, D("2026-12-03")).ShouldBe(D("2027-06-03"));

    [Theory]
    [InlineData("2026-05-20", "2026-11-20")] // a month late: the next is six months after it was actually done
    [InlineData("2026-03-01", "2026-09-01")] // early: likewise
    public void Completing_late_or_early_moves_the_next_due_day_with_it(string done, string due) =>
        Recurrence.HalfYearly.NextDue(D(done), D("2025-10-20")).ShouldBe(D(due));

    [Fact]
    public void Chained_half_years_from_a_month_end_never_drift_further_than_the_completions_do()
    {
        // Completed each time on the day it was due: 31 Aug → 28 Feb → 28 Aug; the clamp happens once, not repeatedly.
        var done = D("2026-08-31");
        var days = new List<DateOnly>();
        for (var i = 0; i < 4; i++)
        {
            done = Recurrence.HalfYearly.NextDue(done, D("2020-01-01"));
            days.Add(done);
        }

        days.ShouldBe([D("2027-02-28"), D("2027-08-28"), D("2028-02-28"), D("2028-08-28")]);
    }

    [Theory]
    // Completed at 23:30 UTC on the Saturday before the spring change: already Sunday 29 March in Copenhagen and Oslo.
    [InlineData("2026-03-28T23:30:00Z", Country.DK, "2026-03-29")]
    [InlineData("2026-03-28T22:59:00Z", Country.NO, "2026-03-28")]
    // 23:30 local on the last Sunday of March is 21:30 UTC (summer time): still the 29th.
    [InlineData("2026-03-29T21:30:00Z", Country.DK, "2026-03-29")]
    [InlineData("2026-03-29T22:00:00Z", Country.DK, "2026-03-30")]
    // The autumn change: 22:30 UTC on Saturday 24 October is 00:30 on the 25th in summer time.
    [InlineData("2026-10-24T22:30:00Z", Country.NO, "2026-10-25")]
    [InlineData("2026-10-25T22:30:00Z", Country.NO, "2026-10-25")]
    [InlineData("2026-10-25T23:00:00Z", Country.NO, "2026-10-26")]
    public void A_completion_counts_on_the_day_it_was_where_the_tenant_is(string utc, Country country, string day) =>
        Recurrence.LocalDay(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture).UtcDateTime, country).ShouldBe(D(day));

    [Fact]
    public void A_four_year_sweep_of_completion_days_never_gives_a_due_day_outside_its_target_month_or_before_the_completion()
    {
        for (var day = D("2026-01-01"); day < D("2030-01-01"); day = day.AddDays(1))
        {
            foreach (var recurrence in new[] { Recurrence.HalfYearly, Recurrence.Yearly })
            {
                var due = recurrence.NextDue(day, D("2020-01-01"));
                var target = new DateOnly(day.Year, day.Month, 1).AddMonths(recurrence.Months);
                (due.Year, due.Month).ShouldBe((target.Year, target.Month), day.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
                due.Day.ShouldBe(Math.Min(day.Day, DateTime.DaysInMonth(target.Year, target.Month)), day.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
                due.ShouldBeGreaterThan(day);
            }
        }
    }
}
