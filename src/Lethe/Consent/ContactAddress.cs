using System.Text;
using Lethe.Tenancy;

namespace Lethe.Consent;

/// <summary>
/// E-mail addresses and phone numbers in the one form they are hashed in, so "Ida@Example.DK " and "ida@example.dk",
/// or "22 33 44 55" and "+4522334455", land on the same suppression entry.
/// </summary>
public static class ContactAddress
{
    /// <returns>The normalised address, or null when the value is not an e-mail address or phone number.</returns>
    public static string? Normalize(string kind, string value, Country country) => kind switch
    {
        "email" => Email(value),
        "phone" => Phone(value, country),
        _ => null,
    };

    public static string? Email(string value)
    {
        var trimmed = value.Trim().Normalize(NormalizationForm.FormC).ToLowerInvariant();
        var at = trimmed.LastIndexOf('@');
        return at > 0 && at < trimmed.Length - 1 && !trimmed.Any(char.IsWhiteSpace) && trimmed.Length <= 320 ? trimmed : null;
    }

    /// <summary>E.164: a national number of 8 digits (Denmark, Norway) gets the tenant's country code.</summary>
    public static string? Phone(string value, Country country)
    {
        var text = value.Trim();
        var lead = text.TrimStart('(', ' ');
        var international = lead.StartsWith('+') || lead.StartsWith("00", StringComparison.Ordinal);
        var digits = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                digits.Append(c);
            }
            else if (c is not (' ' or '-' or '(' or ')' or '.' or '+'))
            {
                return null;
            }
        }

        var number = digits.ToString();
        if (lead.StartsWith("00", StringComparison.Ordinal))
        {
            number = number[2..];
        }

        if (!international)
        {
            if (number.Length != 8)
            {
                return null;
            }

            number = (country == Country.NO ? "47" : "45") + number;
        }

        return number.Length is >= 8 and <= 15 ? "+" + number : null;
    }
}
