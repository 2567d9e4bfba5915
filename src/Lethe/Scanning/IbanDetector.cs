using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace Lethe.Scanning;

/// <summary>
/// International bank account numbers: a country code, two check digits and the account, unbroken or printed in groups
/// of four ("DK50 0040 0440 1162 43"). The length must be the one the country registers and the whole must pass
/// ISO 7064 mod 97 — a one-in-97 chance for anything else — so an IBAN found is <see cref="Confidence.High"/>, and
/// <see cref="Confidence.Certain"/> when "IBAN" or "konto" names it.
/// </summary>
public sealed partial class IbanDetector : ILetterLedDetector
{
    private const int Longest = 34;

    // A text with fewer digits than this is not searched: a cheap test that passes over most text without a number.
    private const int FewestDigits = 12;

    private static readonly ContextWords Naming = new("iban", "konto*", "account*", "bank*");

    // The SWIFT IBAN registry's lengths per country.
    private static readonly FrozenDictionary<string, int> Lengths = new Dictionary<string, int>
    {
        ["AD"] = 24, ["AE"] = 23, ["AL"] = 28, ["AT"] = 20, ["AZ"] = 28, ["BA"] = 20, ["BE"] = 16, ["BG"] = 22, ["BH"] = 22,
        ["BI"] = 27, ["BR"] = 29, ["BY"] = 28, ["CH"] = 21, ["CR"] = 22, ["CY"] = 28, ["CZ"] = 24, ["DE"] = 22, ["DJ"] = 27,
        ["DK"] = 18, ["DO"] = 28, ["EE"] = 20, ["EG"] = 29, ["ES"] = 24, ["FI"] = 18, ["FK"] = 18, ["FO"] = 18, ["FR"] = 27,
        ["GB"] = 22, ["GE"] = 22, ["GI"] = 23, ["GL"] = 18, ["GR"] = 27, ["GT"] = 28, ["HR"] = 21, ["HU"] = 28, ["IE"] = 22,
        ["IL"] = 23, ["IQ"] = 23, ["IS"] = 26, ["IT"] = 27, ["JO"] = 30, ["KW"] = 30, ["KZ"] = 20, ["LB"] = 28, ["LC"] = 32,
        ["LI"] = 21, ["LT"] = 20, ["LU"] = 20, ["LV"] = 21, ["LY"] = 25, ["MC"] = 27, ["MD"] = 24, ["ME"] = 22, ["MK"] = 19,
        ["MN"] = 20, ["MR"] = 27, ["MT"] = 31, ["MU"] = 30, ["NI"] = 28, ["NL"] = 18, ["NO"] = 15, ["OM"] = 23, ["PK"] = 24,
        ["PL"] = 28, ["PS"] = 29, ["PT"] = 25, ["QA"] = 29, ["RO"] = 24, ["RS"] = 22, ["RU"] = 33, ["SA"] = 24, ["SC"] = 31,
        ["SD"] = 18, ["SE"] = 24, ["SI"] = 19, ["SK"] = 24, ["SM"] = 27, ["SO"] = 23, ["ST"] = 25, ["SV"] = 28, ["TL"] = 23,
        ["TN"] = 24, ["TR"] = 26, ["UA"] = 29, ["VA"] = 22, ["VG"] = 24, ["XK"] = 20, ["YE"] = 30,
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> ByCountry =
        Lengths.GetAlternateLookup<ReadOnlySpan<char>>();

    public DetectorKind Kind => DetectorKind.Iban;

    public void Find(string text, ICollection<Detection> found)
    {
        if (!DigitText.HasAtLeast(text, FewestDigits))
        {
            return;
        }

        foreach (var match in Start().EnumerateMatches(text))
        {
            FindAt(text, match.Index, found);
        }
    }

    public void FindBefore(string text, int digit, ICollection<Detection> found)
    {
        // What Start() asks, read at one place: two capitals right before two digits, no letter, digit or _ before them.
        var at = digit - 2;
        if (at < 0 || digit + 1 >= text.Length || !char.IsAsciiLetterUpper(text[at]) || !char.IsAsciiLetterUpper(text[at + 1])
            || !DigitText.IsDigit(text[digit + 1]) || (at > 0 && (char.IsLetterOrDigit(text[at - 1]) || text[at - 1] == '_')))
        {
            return;
        }

        if (DigitText.HasAtLeast(text, FewestDigits))
        {
            FindAt(text, at, found);
        }
    }

    /// <summary>The IBAN that starts at <paramref name="start"/>, where Start() matched, if it is one.</summary>
    private void FindAt(string text, int start, ICollection<Detection> found)
    {
        Span<char> iban = stackalloc char[Longest];
        if (!ByCountry.TryGetValue(text.AsSpan(start, 2), out var length)
            || Read(text, start, iban[..length]) is not { } end
            || !DigitText.StandsAlone(text, start, end)
            || !PassesMod97(iban[..length]))
        {
            return;
        }

        var confidence = Naming.Precede(text, start) ? Confidence.Certain : Confidence.High;
        found.Add(new Detection(Kind, start, end - start, confidence));
    }

    /// <summary>Reads exactly <paramref name="into"/>'s length of characters, all unbroken or a space after every four; returns where it ended.</summary>
    private static int? Read(string text, int start, Span<char> into)
    {
        var at = start;
        bool? spaced = null;
        for (var n = 0; n < into.Length; n++)
        {
            if (n > 0 && n % 4 == 0 && spaced != false)
            {
                var space = at < text.Length && text[at] == ' ';
                if (spaced is null)
                {
                    spaced = space;
                }
                else if (!space)
                {
                    return null;
                }

                if (space)
                {
                    at++;
                }
            }

            if (at >= text.Length || !(char.IsAsciiDigit(text[at]) || char.IsAsciiLetterUpper(text[at])))
            {
                return null;
            }

            into[n] = text[at++];
        }

        return at;
    }

    // ISO 7064: the first four characters moved to the end, letters as 10–35, the whole number mod 97 must be 1.
    private static bool PassesMod97(ReadOnlySpan<char> iban)
    {
        var remainder = 0;
        for (var i = 0; i < iban.Length; i++)
        {
            var c = iban[(i + 4) % iban.Length];
            remainder = char.IsAsciiDigit(c)
                ? (remainder * 10 + (c - '0')) % 97
                : (remainder * 100 + (c - 'A' + 10)) % 97;
        }

        return remainder == 1;
    }

    [GeneratedRegex(@"(?<![\p{L}\p{Nd}_])[A-Z]{2}[0-9]{2}", RegexOptions.CultureInvariant)]
    private static partial Regex Start();
}
