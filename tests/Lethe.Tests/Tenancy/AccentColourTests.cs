using Lethe.Tenancy;

namespace Lethe.Tests.Tenancy;

public sealed class AccentColourTests
{
    [Theory]
    [InlineData("#1f5f8b", "#1f5f8b")]
    [InlineData("#C8102E", "#c8102e")]
    [InlineData(" #00ff00 ", "#00ff00")]
    public void A_colour_written_rrggbb_is_read_in_lower_case(string value, string hex) =>
        AccentColour.TryParse(value)!.Hex.ShouldBe(hex);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("red")]
    [InlineData("#fff")]
    [InlineData("#1f5f8b80")]
    [InlineData("1f5f8b")]
    [InlineData("#1f5f8g")]
    [InlineData("#1f5f8b;}")]
    public void Anything_else_is_no_colour(string? value) => AccentColour.TryParse(value).ShouldBeNull();

    [Theory]
    // Contrast ratios as the WCAG 2.2 formula gives them, to two decimals.
    [InlineData("#000000", "#ffffff", 21.0)]
    [InlineData("#ffffff", "#000000", 1.0)]
    [InlineData("#1f5f8b", "#ffffff", 6.84)]
    [InlineData("#767676", "#000000", 4.54)]
    [InlineData("#777777", "#000000", 4.48)]
    [InlineData("#f5d90a", "#000000", 1.42)]
    public void Contrast_against_white_follows_wcag(string hex, string textOn, double againstWhite)
    {
        var colour = AccentColour.TryParse(hex)!;

        Math.Round(AccentColour.Contrast(colour.Luminance, 1.0), 2).ShouldBe(againstWhite);
        colour.TextOn.ShouldBe(textOn);
        colour.ReadableOnWhite.ShouldBe(againstWhite >= AccentColour.TextContrast);
    }

    [Fact]
    public void The_text_on_any_colour_reaches_four_and_a_half_to_one()
    {
        for (var v = 0; v < 256; v += 5)
        {
            foreach (var hex in new[] { $"#{v:x2}{v:x2}{v:x2}", $"#{v:x2}0000", $"#00{v:x2}00", $"#0000{v:x2}", $"#{v:x2}{255 - v:x2}80" })
            {
                var colour = AccentColour.TryParse(hex)!;
                var text = colour.TextOn == "#ffffff" ? 1.0 : 0.0;
                AccentColour.Contrast(colour.Luminance, text).ShouldBeGreaterThanOrEqualTo(AccentColour.TextContrast, hex);
            }
        }
    }
}
