using Lethe.Scanning;

namespace Lethe.Tests.Scanning;

public sealed class IbanDetectorTests
{
    private readonly IbanDetector detector = new();

    [Theory]
    [InlineData("DK5000400440116243", Confidence.High)]
    [InlineData("IBAN: DK50 0040 0440 1162 43", Confidence.Certain)]
    [InlineData("kontonummer NO93 8601 1117 947", Confidence.Certain)]
    [InlineData("GB82WEST12345698765432", Confidence.High)]
    [InlineData("Overfør til DE89 3704 0044 0532 0130 00 i dag", Confidence.High)]
    public void Known_ibans_are_found(string text, Confidence confidence) =>
        Found.Single(detector, text).Confidence.ShouldBe(confidence);

    [Theory]
    [InlineData("DK5000400440116244")] // check fails
    [InlineData("DK500040044011624")] // one short for Denmark
    [InlineData("DK50004004401162431")] // one too many
    [InlineData("XX5000400440116243")] // no such country
    [InlineData("DK50 0040 04401162 43")] // grouped unevenly
    [InlineData("ADK5000400440116243")]
    public void Anything_else_is_not(string text) => Found.By(detector, text).ShouldBeEmpty();

    [Theory]
    [InlineData("DK", 18)]
    [InlineData("NO", 15)]
    [InlineData("SE", 24)]
    [InlineData("DE", 22)]
    [InlineData("FI", 18)]
    [InlineData("FR", 27)]
    [InlineData("MT", 31)]
    public void Generated_ibans_are_found_grouped_or_not_and_one_changed_digit_is_not(string country, int length)
    {
        var random = new Random(length);
        for (var i = 0; i < 500; i++)
        {
            var iban = Generated.Iban(country, length, random);

            Found.Single(detector, iban).Text.ShouldBe(iban);
            Found.Single(detector, $"Konto: {Generated.Grouped(iban, 4, ' ')}.").Confidence.ShouldBe(Confidence.Certain);
            Found.By(detector, Generated.WithDigitChanged(iban, 2 + random.Next(length - 2), 1 + random.Next(9))).ShouldBeEmpty();
        }
    }
}
