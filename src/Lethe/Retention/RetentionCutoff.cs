using Lethe.DataMap;

namespace Lethe.Retention;

/// <summary>
/// Which anchor dates a retention rule has made due by a given day. The period ends the same way legal holds count it
/// (<see cref="FinancialYear.PeriodEnds"/>); since a later anchor never ends sooner, every anchor up to one date is due
/// and the rule becomes one comparison in SQL: <c>anchor &lt; first day not due</c>.
/// </summary>
public static class RetentionCutoff
{
    /// <summary>The first anchor date that is not yet due on <paramref name="today"/>: rows anchored before it are.</summary>
    public static DateOnly FirstNotDue(DateOnly today, IsoPeriod maximum, string? countFrom, string? financialYearEnd)
    {
        // Binary search over anchors in the last 200 years for the first whose period has not ended by today.
        var low = today.AddYears(-200);
        var high = today.AddDays(1);
        while (low < high)
        {
            var middle = low.AddDays((high.DayNumber - low.DayNumber) / 2);
            if (FinancialYear.PeriodEnds(middle, maximum, countFrom, financialYearEnd) <= today)
            {
                low = middle.AddDays(1);
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }
}
