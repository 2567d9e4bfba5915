using Lethe.DataMap;
using Lethe.Retention;

namespace Lethe.Tests.Retention;

public sealed class RetentionCutoffTests
{
    private static DateOnly D(string s) => DateOnly.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    // 90 days after the call: a recording of 1 March is due on 30 May.
    [InlineData("2026-05-30", "P90D", null, "2026-03-02")]
    [InlineData("2026-05-29", "P90D", null, "2026-03-01")]
    // 5½ years from the end of a calendar financial year: invoices of 2020 are due from 1 July 2026.
    [InlineData("2026-07-01", "P5Y6M", "financial-year-end", "2021-01-01")]
    [InlineData("2026-06-30", "P5Y6M", "financial-year-end", "2020-01-01")]
    // 5½ years from the invoice date (as the seed words it).
    [InlineData("2026-07-01", "P5Y6M", null, "2021-01-02")]
    public void The_first_anchor_not_yet_due(string today, string maximum, string? countFrom, string firstNotDue) =>
        RetentionCutoff.FirstNotDue(D(today), IsoPeriod.Parse(maximum)!, countFrom, null).ShouldBe(D(firstNotDue));

    [Fact]
    public void Every_anchor_before_the_cutoff_is_due_and_none_from_it_on()
    {
        foreach (var (period, countFrom, yearEnd) in new[] { ("P90D", (string?)null, (string?)null), ("P5Y6M", "financial-year-end", "06-30"), ("P1Y", null, null), ("P3Y", "financial-year-end", null) })
        {
            var maximum = IsoPeriod.Parse(period)!;
            for (var today = D("2026-01-01"); today < D("2026-03-15"); today = today.AddDays(3))
            {
                var cutoff = RetentionCutoff.FirstNotDue(today, maximum, countFrom, yearEnd);
                FinancialYear.PeriodEnds(cutoff.AddDays(-1), maximum, countFrom, yearEnd).ShouldBeLessThanOrEqualTo(today, $"{period} {today}");
                FinancialYear.PeriodEnds(cutoff, maximum, countFrom, yearEnd).ShouldBeGreaterThan(today, $"{period} {today}");
            }
        }
    }
}
