using Lethe.Scanning;

namespace Lethe.Tests.Scanning;

public sealed class EmailDetectorTests
{
    [Theory]
    [InlineData("Skriv til jens.hansen@example.dk i morgen", "jens.hansen@example.dk")]
    [InlineData("<a+b@mail.example.co.uk>", "a+b@mail.example.co.uk")]
    [InlineData("ola@nordmann.no.", "ola@nordmann.no")]
    public void Finds_the_address_and_only_the_address(string text, string address)
    {
        var found = Detectors.Default.Find(text).ShouldHaveSingleItem();

        found.Kind.ShouldBe(DetectorKind.Email);
        text.Substring(found.Start, found.Length).ShouldBe(address);
    }

    [Theory]
    [InlineData("a@b")]
    [InlineData("Ordre 2024@12 afsendt")]
    [InlineData("@handle på sociale medier")]
    [InlineData("")]
    public void Finds_nothing_where_there_is_no_address(string text) => Detectors.Default.Find(text).ShouldBeEmpty();

    [Fact]
    public void Finds_each_of_several_in_order()
    {
        var found = Detectors.Default.Find("cc: a@example.dk, b@example.no");

        found.Select(d => d.Start).ShouldBe([4, 18]);
    }
}
