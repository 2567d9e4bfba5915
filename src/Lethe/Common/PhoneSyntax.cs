namespace Lethe.Common;

/// <summary>
/// Whether what a person typed can be a phone number: digits with the spaces, hyphens and parentheses people write
/// between them, and one <c>+</c> in front; 6 to 15 digits (E.164 numbers have at most 15, and no Nordic number is
/// shorter than a service number of 6). A name or an address typed in the phone field is told at once, not searched for.
/// </summary>
public static class PhoneSyntax
{
    public const int MinDigits = 6;

    public const int MaxDigits = 15;

    /// <summary>Longer than any number written with its spaces and brackets.</summary>
    public const int MaxLength = 30;

    public static bool IsValid(string? value)
    {
        var text = value?.Trim() ?? "";
        if (text.Length is 0 or > MaxLength)
        {
            return false;
        }

        // One + at most, in front of the number, where "(+47) …" writes it too.
        var plus = text.IndexOf('+', StringComparison.Ordinal);
        if (plus >= 0 && (!text.TrimStart('(', ' ').StartsWith('+') || text.LastIndexOf('+') != plus))
        {
            return false;
        }

        var digits = 0;
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                digits++;
            }
            else if (c is not (' ' or '-' or '(' or ')' or '+'))
            {
                return false;
            }
        }

        return digits is >= MinDigits and <= MaxDigits;
    }
}
