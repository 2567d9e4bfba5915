namespace Lethe.Scanning;

/// <summary>
/// The issuer ranges a payment card number can start with, and the lengths each issues: a number that passes Luhn but
/// starts where no scheme issues, or is too long or short for its scheme, is not taken for a card.
/// </summary>
internal static class CardIssuers
{
    // (first prefix, last prefix, prefix length, shortest, longest): the schemes' published ranges, the Nordic ones
    // (Dankort 5019, Forbrugsforeningen 600722) included; Maestro's wide 5x/6x range comes last.
    private static readonly (int From, int To, int Digits, int Min, int Max)[] Ranges =
    [
        (4, 4, 1, 13, 19),              // Visa (Visa/Dankort 4571 included)
        (51, 55, 2, 16, 16),            // Mastercard
        (2221, 2720, 4, 16, 16),        // Mastercard 2-series
        (34, 34, 2, 15, 15),            // American Express
        (37, 37, 2, 15, 15),
        (5019, 5019, 4, 16, 16),        // Dankort
        (600722, 600722, 6, 16, 16),    // Forbrugsforeningen
        (6011, 6011, 4, 16, 19),        // Discover
        (644, 649, 3, 16, 19),
        (65, 65, 2, 16, 19),
        (3528, 3589, 4, 16, 19),        // JCB
        (300, 305, 3, 14, 19),          // Diners Club
        (36, 36, 2, 14, 19),
        (38, 39, 2, 16, 19),
        (62, 62, 2, 16, 19),            // UnionPay
        (50, 50, 2, 13, 19),            // Maestro
        (56, 69, 2, 13, 19),
    ];

    /// <summary>True when some scheme issues numbers of this length starting with these digits.</summary>
    public static bool Issues(ReadOnlySpan<int> digits)
    {
        foreach (var (from, to, prefixDigits, min, max) in Ranges)
        {
            if (digits.Length < min || digits.Length > max)
            {
                continue;
            }

            var prefix = 0;
            for (var i = 0; i < prefixDigits; i++)
            {
                prefix = prefix * 10 + digits[i];
            }

            if (prefix >= from && prefix <= to)
            {
                return true;
            }
        }

        return false;
    }

    public static bool PassesLuhn(ReadOnlySpan<int> digits)
    {
        var sum = 0;
        var doubled = false;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var d = digits[i];
            if (doubled)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
            doubled = !doubled;
        }

        return sum % 10 == 0;
    }
}
