using System.Globalization;
using System.Text.RegularExpressions;
using Lethe.Localization;

namespace Lethe.DataMap;

/// <summary>An ISO 8601 period of whole years, months, weeks and days (P5Y6M, P90D), as retention rules state them.</summary>
public sealed partial record IsoPeriod(int Years, int Months, int Days)
{
    public static IsoPeriod? Parse(string text)
    {
        var match = Pattern().Match(text);
        if (!match.Success || text == "P")
        {
            return null;
        }

        int Part(string name) => match.Groups[name].Success ? int.Parse(match.Groups[name].Value, CultureInfo.InvariantCulture) : 0;
        return new IsoPeriod(Part("y"), Part("m"), (Part("w") * 7) + Part("d"));
    }

    /// <summary>The date this period after <paramref name="start"/>; months clamp to the month's last day (31 Jan + P1M = 28/29 Feb).</summary>
    public DateOnly After(DateOnly start) => start.AddYears(Years).AddMonths(Months).AddDays(Days);

    /// <summary>Whether this period can end before <paramref name="other"/> for some start date.</summary>
    public bool CanBeShorterThan(IsoPeriod other)
    {
        // Compare over a set of start dates that covers month-length and leap-year effects.
        var starts = Enumerable.Range(0, 4 * 12).Select(i => new DateOnly(2024, 1, 31).AddMonths(i));
        return starts.Any(s => After(s) < other.After(s));
    }

    /// <summary>The period in words: "5 years and 6 months", "5 år og 6 måneder", "90 dage".</summary>
    public string Describe(string language) => LegalWords.Period(this, language);

    [GeneratedRegex(@"^P(?:(?<y>\d{1,3})Y)?(?:(?<m>\d{1,4})M)?(?:(?<w>\d{1,4})W)?(?:(?<d>\d{1,5})D)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
