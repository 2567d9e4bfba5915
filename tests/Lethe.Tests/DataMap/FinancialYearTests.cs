using Lethe.DataMap;

namespace Lethe.Tests.DataMap;

public sealed class FinancialYearTests
{
    private static readonly IsoPeriod FiveYears = new(5, 0, 0);

    [Theory]
    // LEGAL.md edge case 2: an invoice of 2 January 2024 is kept until 31 December 2029, so erasable on 1 January 2030.
    [InlineData("2024-01-02", null, "2030-01-01")]
    [InlineData("2024-12-31", null, "2030-01-01")]
    [InlineData("2025-01-01", "12-31", "2031-01-01")]
    // A financial year ending 30 June.
    [InlineData("2024-06-30", "06-30", "2029-07-01")]
    [InlineData("2024-07-01", "06-30", "2030-07-01")]
    // A year ending on the last day of February, leap year or not.
    [InlineData("2023-03-01", "02-29", "2029-03-01")]
    [InlineData("2024-02-29", "02-29", "2029-03-01")]
    [InlineData("2024-02-28", "02-28", "2029-03-01")]
    public void Five_years_from_the_end_of_the_financial_year(string invoice, string? yearEnd, string erasable) =>
        FinancialYear.PeriodEnds(DateOnly.Parse(invoice, System.Globalization.CultureInfo.InvariantCulture), FiveYears, "financial-year-end", yearEnd)
            .ShouldBe(DateOnly.Parse(erasable, System.Globalization.CultureInfo.InvariantCulture));

    [Theory]
    [InlineData("2024-01-02", "2029-01-02")]
    [InlineData("2024-02-29", "2029-02-28")]
    public void Counted_from_the_anchor_the_period_starts_on_its_date(string anchor, string ends) =>
        FinancialYear.PeriodEnds(DateOnly.Parse(anchor, System.Globalization.CultureInfo.InvariantCulture), FiveYears, null, null)
            .ShouldBe(DateOnly.Parse(ends, System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void Every_day_of_a_year_is_kept_at_least_as_long_as_counting_from_its_own_date_would()
    {
        for (var day = new DateOnly(2023, 1, 1); day < new DateOnly(2025, 1, 1); day = day.AddDays(1))
        {
            foreach (var yearEnd in new[] { "12-31", "06-30", "03-31", "02-29" })
            {
                var ends = FinancialYear.PeriodEnds(day, FiveYears, "financial-year-end", yearEnd);
                ends.ShouldBeGreaterThan(FiveYears.After(day), $"{day} {yearEnd}");
                ends.ShouldBeLessThanOrEqualTo(FiveYears.After(day).AddYears(1).AddDays(1), $"{day} {yearEnd}");
            }
        }
    }

    [Theory]
    [InlineData("12-31", true)]
    [InlineData("02-29", true)]
    [InlineData("13-01", false)]
    [InlineData("04-31", false)]
    [InlineData("1231", false)]
    [InlineData("12-3a", false)]
    public void A_year_end_is_a_day_of_the_year(string text, bool valid) =>
        (FinancialYear.ParseEnd(text) is not null).ShouldBe(valid);
}
