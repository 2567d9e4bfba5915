using System.Globalization;
using System.Text.RegularExpressions;

namespace Lethe.Tenancy;

/// <summary>
/// A tenant's brand colour as <c>#rrggbb</c>, with the contrast rules of WCAG 2.2 (1.4.3, 4.5:1 for text): a company
/// picks its colour for its logo, not for legibility, so the public pages ask this type which text goes on it and
/// whether it may colour text on white at all.
/// </summary>
public sealed partial record AccentColour
{
    /// <summary>The least contrast of normal text against its background (WCAG 2.2, success criterion 1.4.3).</summary>
    public const double TextContrast = 4.5;

    private AccentColour(string hex) => Hex = hex;

    /// <summary>Lower-case <c>#rrggbb</c>.</summary>
    public string Hex { get; }

    public static AccentColour? TryParse(string? value) =>
        value is not null && Pattern().IsMatch(value.Trim()) ? new AccentColour(value.Trim().ToLowerInvariant()) : null;

    /// <summary>Black or white, whichever stands out more against the colour; one of them always reaches 4.5:1.</summary>
    public string TextOn => Contrast(Luminance, 1.0) >= Contrast(Luminance, 0.0) ? "#ffffff" : "#000000";

    /// <summary>Whether links and headings in this colour can be read on the pages' white.</summary>
    public bool ReadableOnWhite => Contrast(Luminance, 1.0) >= TextContrast;

    /// <summary>The relative luminance (WCAG 2.2 definition), 0 for black to 1 for white.</summary>
    public double Luminance
    {
        get
        {
            double Channel(int offset)
            {
                var c = int.Parse(Hex.AsSpan(offset, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture) / 255.0;
                return c <= 0.04045 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
            }

            return (0.2126 * Channel(1)) + (0.7152 * Channel(3)) + (0.0722 * Channel(5));
        }
    }

    public static double Contrast(double a, double b) => (Math.Max(a, b) + 0.05) / (Math.Min(a, b) + 0.05);

    public override string ToString() => Hex;

    [GeneratedRegex("^#[0-9a-fA-F]{6}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
