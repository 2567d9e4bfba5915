using Lethe.Scanning;

namespace Lethe.Tests.Scanning;

public sealed class CprDetectorTests
{
    private readonly CprDetector detector = new();

    [Theory]
    [InlineData("CPR: 070761-4285", Confidence.Certain)]
    [InlineData("cpr-nr. 0707614285", Confidence.Certain)]
    [InlineData("Mit personnummer er 070761 4285.", Confidence.Certain)]
    [InlineData("Kunden 070761-4285 ringede", Confidence.High)]
    [InlineData("Se 0707614285", Confidence.Medium)]
    [InlineData("CPR: 070761-4286", Confidence.High)]
    [InlineData("070761-4286", Confidence.Low)]
    [InlineData("Ordre 070761-4285 afsendt", Confidence.Low)]
    [InlineData("Faktura nr. 0707614285", Confidence.Low)]
    [InlineData("Sendt nyt SIM-kort, forsendelse 070761-4285.", Confidence.Low)]
    public void Confidence_follows_the_check_the_separator_and_the_words_before(string text, Confidence confidence)
    {
        var (_, found) = Found.Single(detector, text);

        found.ShouldBe(confidence);
    }

    [Fact]
    public void A_bare_valid_ten_digit_number_is_never_certain()
    {
        var (span, confidence) = Found.Single(detector, "0707614285");

        span.ShouldBe("0707614285");
        confidence.ShouldBeOneOf(Confidence.Low, Confidence.Medium);
    }

    [Theory]
    [InlineData("Jeg hedder Jens, mit CPR-nummer er 211062-5629, og jeg vil have mine data slettet.", "211062-5629")]
    [InlineData("Hei, fødselsdato og cpr 070761-4285 står i sagen.", "070761-4285")]
    [InlineData("(070761-4285)", "070761-4285")]
    [InlineData("cpr:0707614285;", "0707614285")]
    public void Finds_the_number_inside_a_sentence(string text, string number) =>
        Found.Single(detector, text).Text.ShouldBe(number);

    [Theory]
    [InlineData("A0707614285")]
    [InlineData("07076142851")]
    [InlineData("10707614285")]
    [InlineData("0707614285x")]
    [InlineData("12.0707614285")]
    [InlineData("0707614285,50")]
    [InlineData("2024-070761-4285")]
    [InlineData("070761--4285")]
    [InlineData("07076-14285")]
    public void Digits_glued_to_more_digits_or_letters_are_not_a_cpr(string text) => Found.By(detector, text).ShouldBeEmpty();

    [Theory]
    [InlineData("320161-4285")] // day 32
    [InlineData("001061-4285")] // day 0
    [InlineData("071361-4285")] // month 13
    [InlineData("300261-4285")] // 30 February
    [InlineData("290201-0000")] // 29 February 1901
    [InlineData("290200-0008")] // digit 7 = 0: 1900, not a leap year
    public void A_date_that_does_not_exist_is_not_a_cpr(string text) => Found.By(detector, text).ShouldBeEmpty();

    [Fact]
    public void The_seventh_digit_sets_the_century_of_the_date()
    {
        // 29 February 2000 exists (digit 7 = 4, year 00 → 2000); 29 February 1900 does not (digit 7 = 0).
        Found.By(detector, "290200-4000").ShouldHaveSingleItem();
        Found.By(detector, "290200-0000").ShouldBeEmpty();
        // digit 7 = 5 with year 58 → 1858, not a leap year; with year 56 → 2056, a leap year.
        Found.By(detector, "290258-5000").ShouldBeEmpty();
        Found.By(detector, "290256-5000").ShouldHaveSingleItem();
    }

    [Fact]
    public void Every_date_from_1858_to_2036_is_found_with_and_without_a_dash()
    {
        var random = new Random(1858);
        var missed = new List<DateOnly>();
        var checkedDates = 0;
        for (var date = new DateOnly(1858, 1, 1); date <= new DateOnly(2036, 12, 31); date = date.AddDays(1))
        {
            if (Generated.Cpr(date, random) is not { } cpr)
            {
                continue;
            }

            checkedDates++;
            var dashed = Found.By(detector, $"cpr {cpr[..6]}-{cpr[6..]}");
            var plain = Found.By(detector, $"Kunde {cpr} oprettet");
            if (dashed is not [(_, Confidence.Certain)] || plain is not [(_, Confidence.Medium)])
            {
                missed.Add(date);
            }
        }

        checkedDates.ShouldBeGreaterThan(65_000);
        missed.ShouldBeEmpty();
    }

    [Fact]
    public void A_number_issued_without_modulus_11_is_found_but_low_unless_named()
    {
        var random = new Random(2007);
        for (var date = new DateOnly(2007, 10, 1); date <= new DateOnly(2008, 12, 31); date = date.AddDays(1))
        {
            var cpr = Generated.Cpr(date, random, modulus11: false).ShouldNotBeNull();

            Found.Single(detector, cpr).Confidence.ShouldBe(Confidence.Low);
            Found.Single(detector, $"CPR-nr.: {cpr}").Confidence.ShouldBe(Confidence.High);
        }
    }

    [Fact]
    public void Invalid_dates_across_the_century_are_never_found()
    {
        var random = new Random(32);
        for (var i = 0; i < 20_000; i++)
        {
            var month = random.Next(1, 13);
            var yy = random.Next(100);
            var seventh = random.Next(10);
            var year = seventh switch
            {
                <= 3 => 1900 + yy,
                4 or 9 => yy <= 36 ? 2000 + yy : 1900 + yy,
                _ => yy <= 57 ? 2000 + yy : 1800 + yy,
            };
            var day = DateTime.DaysInMonth(year, month) + 1 + random.Next(99 - DateTime.DaysInMonth(year, month));
            var text = $"CPR {day:00}{month:00}{yy:00}-{seventh}{random.Next(1000):000}";

            Found.By(detector, text).ShouldBeEmpty();
        }
    }
}
