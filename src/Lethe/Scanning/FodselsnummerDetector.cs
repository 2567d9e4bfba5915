using System.Text.RegularExpressions;

namespace Lethe.Scanning;

/// <summary>
/// Norwegian fødselsnummer, DDMMYY IIIKK, and the D-number (day + 40) and H-number (month + 40) built the same way.
/// Both check digits must hold and the date must exist in the century the individual number gives (LEGAL.md §3); two
/// check digits and a date leave little doubt, so a number found without a naming word is already
/// <see cref="Confidence.High"/>.
/// </summary>
/// <remarks>
/// The scheme announced for 2032 (the first check digit may then be 0–3) is not accepted yet: no such number exists
/// before 2032, and accepting it now would quadruple the chance that a random eleven-digit number passes.
/// </remarks>
public sealed partial class FodselsnummerDetector : INumberDetector
{
    private static readonly ContextWords Naming = new(
        "fødselsn*", "fodselsn*", "foedselsn*", "fnr*", "f.nr*", "personnummer", "personnr*", "pnr", "d-nummer", "d-nr", "dnr",
        "identitetsnummer", "national id*");

    private static readonly int[] First = [3, 7, 6, 1, 8, 9, 4, 5, 2, 1];
    private static readonly int[] Second = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2, 1];

    public DetectorKind Kind => DetectorKind.Fodselsnummer;

    public int MinDigits => 11;

    public void Find(string text, ICollection<Detection> found)
    {
        if (DigitText.HasAtLeast(text, MinDigits))
        {
            FindNumbers(text, 0, text.Length, found);
        }
    }

    public void FindNumbers(string text, int start, int end, ICollection<Detection> found)
    {
        Span<int> digits = stackalloc int[11];
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
            if (!IsValid(digits))
            {
                continue;
            }

            var confidence = Naming.Precede(text, match.Index) ? Confidence.Certain
                : ContextWords.OtherNumbers.Precede(text, match.Index) ? Confidence.Low
                : Confidence.High;
            found.Add(new Detection(Kind, match.Index, match.Length, confidence));
        }
    }

    internal static bool IsValid(ReadOnlySpan<int> d) => HasValidDate(d) && Sum(d, First) % 11 == 0 && Sum(d, Second) % 11 == 0;

    private static bool HasValidDate(ReadOnlySpan<int> d)
    {
        var day = d[0] * 10 + d[1];
        var month = d[2] * 10 + d[3];
        var yy = d[4] * 10 + d[5];
        var individual = d[6] * 100 + d[7] * 10 + d[8];
        if (day > 40)
        {
            day -= 40;
        }

        if (month > 40)
        {
            month -= 40;
        }

        int? century = individual switch
        {
            <= 499 => 1900,
            <= 749 when yy >= 54 => 1800,
            _ when yy <= 39 => 2000,
            >= 900 => 1900,
            _ => null,
        };
        return century is { } c && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(c + yy, month);
    }

    private static int Sum(ReadOnlySpan<int> d, int[] weights)
    {
        var sum = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            sum += d[i] * weights[i];
        }

        return sum;
    }

    [GeneratedRegex(@"(?<![\p{L}\p{Nd}_])[0-9]{6} ?[0-9]{5}(?![\p{L}\p{Nd}_])", RegexOptions.CultureInvariant)]
    private static partial Regex Candidate();
}
