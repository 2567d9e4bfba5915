using Lethe.Scanning;

namespace Lethe.Tests.Scanning;

public sealed class PhoneDetectorTests
{
    private readonly PhoneDetector detector = new();

    [Theory]
    [InlineData("+45 20 30 40 50", "+45 20 30 40 50", Confidence.High)]
    [InlineData("Ring på tlf. +45 33 12 34 56", "+45 33 12 34 56", Confidence.Certain)]
    [InlineData("0045 2030 4050", "0045 2030 4050", Confidence.High)]
    [InlineData("(+47) 412 34 567", "(+47) 412 34 567", Confidence.High)]
    [InlineData("Mobil: 41234567", "41234567", Confidence.High)]
    [InlineData("+4741234567", "+4741234567", Confidence.High)]
    [InlineData("kontakt 20 30 40 50", "20 30 40 50", Confidence.High)]
    [InlineData("Han sagde 20 30 40 50 i går", "20 30 40 50", Confidence.Medium)]
    [InlineData("Ref 20304050", "20304050", Confidence.Low)]
    public void Danish_and_Norwegian_numbers_are_found_sure_as_their_code_and_words_make_them(string text, string number, Confidence confidence)
    {
        var found = Found.Single(detector, text);

        found.Text.ShouldBe(number);
        found.Confidence.ShouldBe(confidence);
    }

    [Theory]
    [InlineData("+45 0123 4567")] // no Danish number starts with 0
    [InlineData("+47 0123 4567")]
    [InlineData("+46 20 30 40 50")] // Swedish
    [InlineData("2024-01-15")]
    [InlineData("20 30 40 50 60")]
    [InlineData("2030 40-50")]
    [InlineData("1234.5678")]
    [InlineData("a20304050")]
    public void Not_a_Danish_or_Norwegian_number(string text) => Found.By(detector, text).ShouldBeEmpty();
}
