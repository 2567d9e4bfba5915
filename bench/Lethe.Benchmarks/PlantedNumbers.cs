using System.Globalization;

namespace Lethe.Benchmarks;

/// <summary>
/// Sentences with a number in them for the scan benchmark to plant, made here by the published rules (modulus 11 for
/// CPR, both check digits for fødselsnummer, Luhn for cards) rather than by the detectors' own code. Drawn from a fixed
/// seed so runs compare.
/// </summary>
internal static class PlantedNumbers
{
    public static IReadOnlyList<string> Pool(int count)
    {
        var random = new Random(19);
        var pool = new List<string>(count);
        while (pool.Count < count)
        {
            var date = new DateOnly(1940, 1, 1).AddDays(random.Next(365 * 60));
            var sentence = (pool.Count % 3) switch
            {
                0 => Cpr(date, random) is { } cpr ? $"My CPR: {cpr[..6]}-{cpr[6..]}." : null,
                1 => $"Please charge card {Grouped(Card("4571", 16, random))} again.",
                _ => Fodselsnummer(date, random) is { } fnr ? $"Mitt fødselsnummer er {fnr}." : null,
            };
            if (sentence is not null)
            {
                pool.Add(sentence);
            }
        }

        return pool;
    }

    private static string? Cpr(DateOnly date, Random random)
    {
        // The seventh digit gives the century: 0–3 for 1900–1999.
        var head = date.ToString("ddMMyy", CultureInfo.InvariantCulture) + random.Next(4);
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var candidate = head + random.Next(1000).ToString("000", CultureInfo.InvariantCulture);
            if (Weighted(candidate, [4, 3, 2, 7, 6, 5, 4, 3, 2, 1]) % 11 == 0)
            {
                return candidate;
            }
        }

        return null;
    }

    private static string? Fodselsnummer(DateOnly date, Random random)
    {
        // Individual numbers 000–499 are 1900–1999.
        var nine = date.ToString("ddMMyy", CultureInfo.InvariantCulture) + random.Next(500).ToString("000", CultureInfo.InvariantCulture);
        var k1 = Check(nine, [3, 7, 6, 1, 8, 9, 4, 5, 2]);
        var k2 = k1 is { } first ? Check(nine + first, [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]) : null;
        return k2 is null ? null : nine + k1 + k2;
    }

    private static int? Check(string digits, int[] weights) =>
        (11 - Weighted(digits, weights) % 11) switch { 11 => 0, 10 => null, var rest => rest };

    private static int Weighted(string digits, int[] weights) => digits.Select((c, i) => (c - '0') * weights[i]).Sum();

    private static string Card(string prefix, int length, Random random)
    {
        var body = prefix + string.Concat(Enumerable.Range(0, length - prefix.Length - 1).Select(_ => random.Next(10)));
        var sum = body.Reverse().Select((c, i) => i % 2 == 0 ? ((c - '0') * 2 > 9 ? (c - '0') * 2 - 9 : (c - '0') * 2) : c - '0').Sum();
        return body + (10 - sum % 10) % 10;
    }

    private static string Grouped(string number) => string.Join(' ', number.Chunk(4).Select(c => new string(c)));
}
