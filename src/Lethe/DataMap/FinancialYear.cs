using System.Globalization;

namespace Lethe.DataMap;

/// <summary>
/// Financial years, for periods the bookkeeping acts count "from the end of the financial year" (bogføringsloven § 10,
/// bokføringsloven § 13): an invoice of 2 January 2024 in a calendar financial year is kept until 31 December 2029.
/// </summary>
public static class FinancialYear
{
    /// <summary>The (month, day) of <c>MM-DD</c>, or null when it is not a day of the year (02-29 is allowed: it means the last day of February).</summary>
    public static (int Month, int Day)? ParseEnd(string text) =>
        text.Length == 5 && text[2] == '-'
        && int.TryParse(text.AsSpan(0, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var month)
        && int.TryParse(text.AsSpan(3, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var day)
        && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(2024, month)
            ? (month, day)
            : null;

    /// <summary>The last day of the financial year <paramref name="date"/> falls in.</summary>
    public static DateOnly EndOf(DateOnly date, string? yearEnd)
    {
        var (month, day) = (yearEnd is null ? null : ParseEnd(yearEnd)) ?? (12, 31);
        DateOnly End(int year) => new(year, month, Math.Min(day, DateTime.DaysInMonth(year, month)));
        var end = End(date.Year);
        return end >= date ? end : End(date.Year + 1);
    }

    /// <summary>
    /// The first day a period no longer runs: <paramref name="period"/> after the anchor date, or after the end of its
    /// financial year: the period runs to the end of the same day of the year, which is kept in full.
    /// </summary>
    public static DateOnly PeriodEnds(DateOnly anchor, IsoPeriod period, string? countFrom, string? yearEnd) =>
        countFrom == "financial-year-end" ? period.After(EndOf(anchor, yearEnd)).AddDays(1) : period.After(anchor);
}
