using System.Globalization;
using System.Text;
using Lethe.Scanning;

namespace Lethe.Tests.Scanning;

/// <summary>
/// <see cref="Detectors"/> shows the number detectors only windows around runs of digits; that must find exactly what
/// each detector finds over the whole text. Texts are built at random from numbers of every kind, numbers that are no
/// one's, naming words and punctuation glued on every side, so the windows' edges land everywhere a match can.
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
        }

        // The corpus must exercise the detectors, not only texts without a match.
        texts.ShouldBe(20_000);
        matches.ShouldBeGreaterThan(20_000);
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
        return random.Next(16) switch
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
            _ => new string('9', random.Next(1, 22)),
        };
    }
}
