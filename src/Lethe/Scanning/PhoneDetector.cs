using System.Text.RegularExpressions;
using PhoneNumbers;

namespace Lethe.Scanning;

/// <summary>
/// Danish (+45) and Norwegian (+47) phone numbers: eight digits, alone or in the usual groups ("20 30 40 50",
/// "2030 4050", "412 34 567"), with or without the country code. libphonenumber says whether the number is one the
/// country's plan assigns. Eight digits are everywhere (dates, invoice numbers), so the country code or a word such as
/// "tlf" is what makes a match more than <see cref="Confidence.Low"/>.
/// </summary>
public sealed partial class PhoneDetector : INumberDetector
{
    private static readonly PhoneNumberUtil Numbers = PhoneNumberUtil.GetInstance();

    private static readonly ContextWords Naming = new(
        "tlf*", "telefon*", "mobil*", "mob", "phone*", "tel", "tel.", "ring*", "sms", "fax", "kontakt*", "contact*", "nummer");

    public DetectorKind Kind => DetectorKind.Phone;

    public int MinDigits => 8;

    public void Find(string text, ICollection<Detection> found)
    {
        if (DigitText.HasAtLeast(text, MinDigits))
        {
            FindNumbers(text, 0, text.Length, found);
        }
    }

    public void FindNumbers(string text, int start, int end, ICollection<Detection> found)
    {
        Span<int> digits = stackalloc int[12];
        foreach (var match in Candidate().EnumerateMatches(DigitText.Through(text, end), start))
        {
            if (match.Index >= end)
            {
                break;
            }

            // A space joins too: "20 30 40 50 60" and "+46 20 30 40 50" are longer numbers, not a Danish one.
            if (!DigitText.StandsAlone(text, match.Index, match.Index + match.Length, "-./,: "))
            {
                continue;
            }

            var span = text.AsSpan(match.Index, match.Length);
            var n = DigitText.Collect(span, digits);
            var withCode = n > 8;
            var national = 0UL;
            for (var i = n - 8; i < n; i++)
            {
                national = national * 10 + (ulong)digits[i];
            }

            var valid = withCode
                ? IsValid(digits[n - 10] * 10 + digits[n - 9], national)
                : IsValid(45, national) || IsValid(47, national);
            if (!valid)
            {
                continue;
            }

            var named = Naming.Precede(text, match.Index);
            var confidence = withCode
                ? named ? Confidence.Certain : Confidence.High
                : named ? Confidence.High : span.Length > 8 ? Confidence.Medium : Confidence.Low;
            found.Add(new Detection(Kind, match.Index, match.Length, confidence));
        }
    }

    private static bool IsValid(int countryCode, ulong national)
    {
        var number = new PhoneNumber.Builder().SetCountryCode(countryCode).SetNationalNumber(national).Build();
        return Numbers.IsValidNumberForRegion(number, countryCode == 45 ? "DK" : "NO");
    }

    // A country code (+45, 0047, (+45)) or none, then eight digits in one of the groupings people write, the same
    // separator throughout, so "2024-01 15" or "12 3456-78" is not read as a number.
    [GeneratedRegex(@"(?<![\p{L}\p{Nd}_+])(?:(?:\+|00)4[57][ -]?|\(\+4[57]\) ?)?(?:[0-9]{2}(?<s>[ -]?)[0-9]{2}\k<s>[0-9]{2}\k<s>[0-9]{2}|[0-9]{3}(?<t>[ -]?)[0-9]{2}\k<t>[0-9]{3}|[0-9]{4}[ -]?[0-9]{4})(?![\p{L}\p{Nd}_])", RegexOptions.CultureInvariant)]
    private static partial Regex Candidate();
}
