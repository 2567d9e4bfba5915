using System.Text;

namespace Lethe.Execution;

/// <summary>
/// How an identity a person gives is compared with a column, the same way in C# and in SQL, so that the comparison
/// runs in the database and an index on the same expression serves it (docs/architecture.md § "The walk"):
/// e-mail trimmed and case-insensitive, phone numbers in E.164 with the tenant's country as the default, full names
/// case-insensitive with their whitespace collapsed, everything else exact.
/// </summary>
public static class IdentityMatch
{
    /// <summary>The characters people write inside phone numbers, stripped from the column in SQL and from the value in C#.</summary>
    private static readonly char[] PhoneNoise = [' ', '-', '.', '(', ')', '/'];

    /// <summary>The SQL expression a column is compared through, for an identity type.</summary>
    public static string Column(string type, string quotedColumn) => type switch
    {
        // Stored values are tidied as the given one is: spaces around an address, doubled spaces inside a name.
        "email" => $"lower(trim({quotedColumn}))",
        "full_name" => $"lower(trim(replace(replace({quotedColumn}, '  ', ' '), '  ', ' ')))",
        "phone" => PhoneNoise.Aggregate(quotedColumn, (sql, c) => $"replace({sql}, '{c}', '')"),
        _ => quotedColumn,
    };

    /// <summary>The values the column expression may equal for the value given: one, or a phone number's usual spellings; none when the value identifies no one.</summary>
    public static IReadOnlyList<string> Values(string type, string value, string country, bool postgres)
    {
        var trimmed = value.Trim();
        return type switch
        {
            // SQLite's lower() folds ASCII only; fold the same letters here so both sides agree.
            "email" => [postgres ? trimmed.ToLowerInvariant() : AsciiLower(trimmed)],
            "full_name" => [postgres ? Collapse(trimmed).ToLowerInvariant() : AsciiLower(Collapse(trimmed))],
            "phone" => PhoneSpellings(trimmed, country),
            _ => [trimmed],
        };
    }

    /// <summary>A phone number in E.164 (<c>+4512345678</c>), with the country's calling code when none is given; null when it is no number.</summary>
    public static string? E164(string value, string country)
    {
        var text = new string(value.Trim().Where(c => !PhoneNoise.Contains(c)).ToArray());
        string digits;
        if (text.StartsWith('+'))
        {
            digits = text[1..];
        }
        else if (text.StartsWith("00", StringComparison.Ordinal))
        {
            digits = text[2..];
        }
        else
        {
            digits = CallingCode(country) + text;
        }

        return digits.Length is >= 4 and <= 15 && digits.All(char.IsAsciiDigit) ? "+" + digits : null;
    }

    /// <summary>The spellings a stored number of the person may have once spaces and dashes are gone.</summary>
    public static IReadOnlyList<string> PhoneSpellings(string value, string country)
    {
        if (E164(value, country) is not { } e164)
        {
            // Not a number ("-", "n/a"): it identifies no one, and must not match every row that holds the same placeholder.
            return [];
        }

        var digits = e164[1..];
        var spellings = new List<string> { e164, "00" + digits, digits };
        var code = CallingCode(country);
        if (digits.StartsWith(code, StringComparison.Ordinal) && digits.Length > code.Length)
        {
            spellings.Add(digits[code.Length..]);
        }

        return spellings;
    }

    /// <summary>The calling code of the tenant's country (Lethe serves Denmark and Norway; the others are its neighbours).</summary>
    public static string CallingCode(string country) => country.ToUpperInvariant() switch
    {
        "NO" => "47",
        "SE" => "46",
        "FI" => "358",
        "IS" => "354",
        "DE" => "49",
        _ => "45",
    };

    private static string Collapse(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (!char.IsWhiteSpace(c))
            {
                sb.Append(c);
            }
            else if (sb.Length > 0 && sb[^1] != ' ')
            {
                sb.Append(' ');
            }
        }

        return sb.ToString().TrimEnd();
    }

    private static string AsciiLower(string text) => string.Create(text.Length, text, (span, source) =>
    {
        for (var i = 0; i < source.Length; i++)
        {
            span[i] = char.IsAsciiLetterUpper(source[i]) ? (char)(source[i] + 32) : source[i];
        }
    });
}
