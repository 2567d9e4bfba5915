using System.Globalization;

namespace Lethe.Tests.Scanning;

/// <summary>
/// Valid numbers of each kind, computed here by the published rules and not by the detectors' own code, so a wrong
/// weight or range in a detector is caught rather than copied. Generated numbers may belong to real people: tests
/// assert on spans and kinds, never print them.
/// </summary>
internal static class Generated
{
    /// <summary>A CPR number for the date whose serial passes modulus 11, or null when no serial in the century's range does.</summary>
    public static string? Cpr(DateOnly date, Random random, bool modulus11 = true)
    {
        var seventh = date.Year switch
        {
            < 1900 => 5 + random.Next(4),
            < 2000 => random.Next(4),
            _ => 4,
        };
        if (date.Year is >= 2037 or < 1858)
        {
            return null;
        }

        var head = date.ToString("ddMMyy", CultureInfo.InvariantCulture) + seventh;
        int[] weights = [4, 3, 2, 7, 6, 5, 4, 3, 2, 1];
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var candidate = head + random.Next(1000).ToString("000", CultureInfo.InvariantCulture);
            var sum = candidate.Select((c, i) => (c - '0') * weights[i]).Sum();
            if (sum % 11 == 0 == modulus11)
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>A fødselsnummer (or D-number) for the date with both check digits; null in the rare case that no individual number drawn gives both.</summary>
    public static string? Fodselsnummer(DateOnly date, Random random, bool dNumber = false)
    {
        var day = date.Day + (dNumber ? 40 : 0);
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var individual = date.Year switch
            {
                < 1900 => 500 + random.Next(250),
                < 1940 => random.Next(500),
                < 2000 => random.Next(2) == 0 ? random.Next(500) : 900 + random.Next(100),
                _ => 500 + random.Next(500),
            };
            var nine = $"{day:00}{date.Month:00}{date.Year % 100:00}{individual:000}";
            var k1 = Check(nine, [3, 7, 6, 1, 8, 9, 4, 5, 2]);
            var k2 = k1 is { } first ? Check(nine + first, [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]) : null;
            if (k1 is not null && k2 is not null)
            {
                return nine + k1 + k2;
            }
        }

        return null;
    }

    private static int? Check(string digits, int[] weights)
    {
        var rest = 11 - digits.Select((c, i) => (c - '0') * weights[i]).Sum() % 11;
        return rest switch { 11 => 0, 10 => null, _ => rest };
    }

    /// <summary>A card number of the length starting with the prefix, with its Luhn digit.</summary>
    public static string Card(string prefix, int length, Random random)
    {
        var body = prefix + string.Concat(Enumerable.Range(0, length - prefix.Length - 1).Select(_ => random.Next(10)));
        var sum = 0;
        for (var i = 0; i < body.Length; i++)
        {
            var d = body[body.Length - 1 - i] - '0';
            if (i % 2 == 0)
            {
                d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            }

            sum += d;
        }

        return body + (10 - sum % 10) % 10;
    }

    /// <summary>
    /// An IBAN for the country with a random account of the registered length and its check digits; the account's
    /// first <paramref name="letters"/> characters are capitals, as a British bank code is ("GB82 WEST …").
    /// </summary>
    public static string Iban(string country, int length, Random random, int letters = 0)
    {
        var account = string.Concat(Enumerable.Range(0, length - 4).Select(i => i < letters ? ((char)('A' + random.Next(26))).ToString() : random.Next(10).ToString(CultureInfo.InvariantCulture)));
        var numeric = string.Concat((account + country + "00").Select(c => char.IsDigit(c) ? c.ToString() : (c - 'A' + 10).ToString(CultureInfo.InvariantCulture)));
        var remainder = numeric.Aggregate(0, (r, c) => (r * 10 + (c - '0')) % 97);
        return $"{country}{98 - remainder:00}{account}";
    }

    /// <summary>The number printed in groups of <paramref name="size"/> joined by <paramref name="joiner"/>.</summary>
    public static string Grouped(string number, int size, char joiner) =>
        string.Join(joiner, number.Chunk(size).Select(c => new string(c)));

    /// <summary>The number with the digit at <paramref name="index"/> replaced by another.</summary>
    public static string WithDigitChanged(string number, int index, int by = 1)
    {
        var chars = number.ToCharArray();
        chars[index] = (char)('0' + (chars[index] - '0' + by) % 10);
        return new string(chars);
    }
}
