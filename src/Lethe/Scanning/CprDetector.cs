using System.Text.RegularExpressions;

namespace Lethe.Scanning;

/// <summary>
/// Danish CPR numbers, DDMMYY-SSSS with a dash, a space or nothing between. The date must exist in the century the
/// seventh digit and the year give (LEGAL.md §3). The modulus-11 check is evidence, not a requirement: since 2007 CPR
/// has issued valid numbers that fail it, so a number that fails is kept at <see cref="Confidence.Low"/> unless a word
/// such as "CPR" names it.
/// </summary>
public sealed partial class CprDetector : INumberDetector
{
    private static readonly ContextWords Naming = new("cpr*", "personnummer", "personnr*", "pers.nr*", "person-nr*", "p-nr*");

    private static readonly int[] Weights = [4, 3, 2, 7, 6, 5, 4, 3, 2, 1];

    public DetectorKind Kind => DetectorKind.Cpr;

    public int MinDigits => 10;

    public void Find(string text, ICollection<Detection> found)
    {
        if (DigitText.HasAtLeast(text, MinDigits))
        {
            FindNumbers(text, 0, text.Length, found);
        }
    }

    public void FindNumbers(string text, int start, int end, ICollection<Detection> found)
    {
        Span<int> digits = stackalloc int[10];
        foreach (var match in Candidate().EnumerateMatches(DigitText.Through(text, end), start))
        {
            if (match.Index >= end)
            {
                break;
            }

            if (!DigitText.StandsAlone(text, match.Index, match.Index + match.Length))
            {
                continue;
            }

            DigitText.Collect(text.AsSpan(match.Index, match.Length), digits);
            if (!HasValidDate(digits))
            {
                continue;
            }

            var named = Naming.Precede(text, match.Index);
            var dashed = match.Length == 11 && text[match.Index + 6] == '-';
            var confidence = PassesModulus11(digits)
                ? named ? Confidence.Certain : ContextWords.OtherNumbers.Precede(text, match.Index) ? Confidence.Low : dashed ? Confidence.High : Confidence.Medium
                : named ? Confidence.High : Confidence.Low;
            found.Add(new Detection(Kind, match.Index, match.Length, confidence));
        }
    }

    /// <summary>The birth date exists, in the century the seventh digit and the two-digit year point to.</summary>
    internal static bool HasValidDate(ReadOnlySpan<int> d)
    {
        var day = d[0] * 10 + d[1];
        var month = d[2] * 10 + d[3];
        var yy = d[4] * 10 + d[5];
        var year = d[6] switch
        {
            <= 3 => 1900 + yy,
            4 or 9 => yy <= 36 ? 2000 + yy : 1900 + yy,
            _ => yy <= 57 ? 2000 + yy : 1800 + yy,
        };
        return month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month);
    }

    internal static bool PassesModulus11(ReadOnlySpan<int> d)
    {
        var sum = 0;
        for (var i = 0; i < 10; i++)
        {
            sum += d[i] * Weights[i];
        }

        return sum % 11 == 0;
    }

    [GeneratedRegex(@"(?<![\p{L}\p{Nd}_])[0-9]{6}[- ]?[0-9]{4}(?![\p{L}\p{Nd}_])", RegexOptions.CultureInvariant)]
    private static partial Regex Candidate();
}
