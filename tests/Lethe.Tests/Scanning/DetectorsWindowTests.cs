using System.Globalization;
using System.Text;
using Lethe.Scanning;

namespace Lethe.Tests.Scanning;

/// <summary>
/// <see cref="Detectors"/> shows the number detectors only windows around runs of digits, and the IBAN detector only
/// the places where such a run starts; that must find exactly what each detector finds over the whole text, where no
/// prefilter runs (IPv4 is looked for in runs with three dots, IBANs by a regex over the whole text). Texts are built
/// at random from numbers of every kind, numbers that are no one's, naming words and punctuation glued on every side,
/// so the windows' edges land everywhere a match can.
/// </summary>
public sealed class DetectorsWindowTests
{
    private static readonly IDetector[] Each =
    [
        new CprDetector(), new FodselsnummerDetector(), new PaymentCardDetector(), new IbanDetector(), new EmailDetector(),
        new PhoneDetector(), new IpAddressDetector(),
    ];

    [Fact]
    public void The_windows_find_what_every_detector_finds_in_the_whole_text()
    {
        var random = new Random(7);
        var detectors = new Detectors(Each);
        var texts = 0;
        var matches = 0;
        var kinds = new HashSet<DetectorKind>();
        for (var i = 0; i < 20_000; i++)
        {
            var text = Text(random);
            var expected = Each.SelectMany(d =>
            {
                var found = new List<Detection>();
                d.Find(text, found);
                return found;
            }).OrderBy(d => d.Start).ThenBy(d => d.Kind).ThenBy(d => d.Length).ToList();

            var windowed = detectors.Find(text).OrderBy(d => d.Start).ThenBy(d => d.Kind).ThenBy(d => d.Length).ToList();

            windowed.ShouldBe(expected, $"text {i}: {text}");
            texts++;
            matches += expected.Count;
            kinds.UnionWith(expected.Select(d => d.Kind));
        }

        // The corpus must exercise the detectors, not only texts without a match.
        texts.ShouldBe(20_000);
        matches.ShouldBeGreaterThan(20_000);
        kinds.ShouldBe(Each.Select(d => d.Kind), ignoreOrder: true);
    }

    private static string Text(Random random)
    {
        var text = new StringBuilder();
        var parts = random.Next(1, 9);
        for (var p = 0; p < parts; p++)
        {
            text.Append(Glue(random));
            text.Append(Part(random));
        }

        text.Append(Glue(random));
        return text.ToString();
    }

    private static string Glue(Random random) =>
        random.Next(12) switch
        {
            0 => "",
            1 => " ",
            2 => "-",
            3 => ".",
            4 => ", ",
            5 => ":",
            6 => "(",
            7 => ") ",
            8 => "+",
            9 => "/",
            10 => "x",
            _ => " og ",
        };

    private static string Part(Random random)
    {
        var date = new DateOnly(1930, 1, 1).AddDays(random.Next(365 * 90));
        return random.Next(24) switch
        {
            0 => Generated.Cpr(date, random) is { } cpr ? (random.Next(2) == 0 ? $"{cpr[..6]}-{cpr[6..]}" : cpr) : "070761-4285",
            1 => Generated.Fodselsnummer(date, random) ?? "15076500565",
            2 => Generated.Grouped(Generated.Card("4571", 16, random), 4, random.Next(2) == 0 ? ' ' : '-'),
            3 => Generated.Card("5413", 16, random),
            4 => Generated.Iban("DK", 18, random),
            5 => $"{random.Next(20, 99)} {random.Next(10, 99)} {random.Next(10, 99)} {random.Next(10, 99)}",
            6 => $"+45 {random.Next(20_000_000, 99_999_999)}",
            7 => $"{random.Next(1, 255)}.{random.Next(0, 255)}.{random.Next(0, 255)}.{random.Next(1, 254)}",
            8 => "fe80::1ff:fe23:4567:890a",
            9 => $"kunde{random.Next(100)}@eksempel.dk",
            10 => random.NextInt64(1_000_000_000, 9_999_999_999).ToString(CultureInfo.InvariantCulture),
            11 => $"{date:yyyy-MM-dd} {random.Next(24):00}:{random.Next(60):00}",
            12 => new[] { "CPR", "kortnummer", "tlf.", "IP", "fødselsnummer", "Ordre", "faktura", "version" }[random.Next(8)],
            13 => $"{random.Next(1000, 9999)}",
            14 => "Kunden ringede om fakturaen",
            15 => new string('9', random.Next(1, 22)),
            // IBANs with letters in the account, or in groups of four, or glued to a word: where a run of digits starts
            // is all the windowed search looks at.
            16 => Generated.Iban("GB", 22, random, letters: 4),
            17 => Generated.Grouped(random.Next(2) == 0 ? Generated.Iban("NO", 15, random) : Generated.Iban("DE", 22, random), 4, ' '),
            18 => "IBAN" + Generated.Iban("DK", 18, random),
            // Dotted numbers of two, three, five and six parts, and an address with a port: too few dots for the IPv4 regex, or more.
            19 => string.Join('.', Enumerable.Range(0, random.Next(2, 7)).Select(_ => random.Next(256))),
            20 => $"{random.Next(1, 255)}.{random.Next(256)}.{random.Next(256)}.{random.Next(256)}:{random.Next(1, 65535)}",
            // The scan benchmark's ticket body and planted sentences.
            21 => $"Hello, the parcel for order {random.Next(1_000_000, 6_000_000)} placed on 2026-{random.Next(1, 13):00}-{random.Next(1, 29):00} arrived damaged. The invoice {random.Next(7_000_000, 7_099_991)} says {random.Next(997)}.00 DKK.",
            22 => Generated.Cpr(date, random) is { } planted ? $"My CPR: {planted[..6]}-{planted[6..]}." : "",
            _ => $"Please charge card {Generated.Grouped(Generated.Card("4571", 16, random), 4, ' ')} again.",
        };
    }
}
