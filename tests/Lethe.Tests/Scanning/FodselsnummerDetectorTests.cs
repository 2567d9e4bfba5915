using Lethe.Scanning;

namespace Lethe.Tests.Scanning;

public sealed class FodselsnummerDetectorTests
{
    private readonly FodselsnummerDetector detector = new();

    [Theory]
    [InlineData("15108695088", Confidence.High)]
    [InlineData("fnr. 151086 95088", Confidence.Certain)]
    [InlineData("Fødselsnummer: 15108695088", Confidence.Certain)]
    [InlineData("D-nummer 41017012337", Confidence.Certain)]
    [InlineData("31129956715", Confidence.High)]
    [InlineData("Sendingsnr. 15108695088", Confidence.Low)]
    public void The_examples_of_the_rules_are_found(string text, Confidence confidence) =>
        Found.Single(detector, text).Confidence.ShouldBe(confidence);

    [Theory]
    [InlineData("15108695077")] // both remainders wrong
    [InlineData("31129956714")] // second check digit wrong
    [InlineData("01017000799")] // individual number 007 impossible on 010170
    [InlineData("31027012337")] // 31 February
    [InlineData("15108675088")] // individual 750 with year 86: no century
    [InlineData("151086950880")]
    [InlineData("x15108695088")]
    public void Numbers_the_rules_reject_are_not_found(string text) => Found.By(detector, text).ShouldBeEmpty();

    [Theory]
    [InlineData("Hei, jeg ønsker innsyn. Mitt fødselsnummer er 151086 95088, takk.", "151086 95088")]
    [InlineData("Personnummer:15108695088.", "15108695088")]
    public void Finds_the_number_inside_a_Norwegian_sentence(string text, string number) =>
        Found.Single(detector, text).Text.ShouldBe(number);

    [Fact]
    public void Every_date_from_1854_to_2039_is_found_and_each_changed_digit_is_not()
    {
        var random = new Random(1854);
        var missed = new List<DateOnly>();
        var accepted = 0;
        var generated = 0;
        for (var date = new DateOnly(1854, 1, 1); date <= new DateOnly(2039, 12, 31); date = date.AddDays(1))
        {
            foreach (var dNumber in new[] { false, true })
            {
                if (Generated.Fodselsnummer(date, random, dNumber) is not { } number)
                {
                    continue;
                }

                generated++;
                if (Found.By(detector, $"fnr {number[..6]} {number[6..]}") is not [(_, Confidence.Certain)]
                    || Found.By(detector, $"Hei {number} takk") is not [(_, Confidence.High)])
                {
                    missed.Add(date);
                }

                // K2 weighs every digit with a weight prime to 11, so any single changed digit breaks its sum.
                var changed = Generated.WithDigitChanged(number, random.Next(11), 1 + random.Next(9));
                if (Found.By(detector, changed).Count != 0)
                {
                    accepted++;
                }
            }
        }

        generated.ShouldBeGreaterThan(130_000);
        missed.ShouldBeEmpty();
        accepted.ShouldBe(0);
    }
}
