using System.Globalization;
using System.Text;
using Lethe.Execution;

namespace Lethe.Tests.Ownership;

/// <summary>
/// The oracle's own reading of when a stored value is a claimed identity, written from the documented rules and not
/// from the engine: e-mail trimmed and case-insensitive, phone as E.164 with Denmark (+45) as the default country,
/// full name case-insensitive with its whitespace collapsed, everything else exact.
/// </summary>
public static class IdentityMatch
{
    /// <summary>The identity types that only identify together, in one row.</summary>
    public static readonly IReadOnlySet<string> CompositeParts = new HashSet<string>(StringComparer.Ordinal) { "extension", "full_name" };

    public static string? Normalize(string type, string? value)
    {
        if (value is null)
        {
            return null;
        }

        return type switch
        {
            "email" => value.Trim().ToLowerInvariant(),
            "phone" => Phone(value),
            "full_name" => string.Join(' ', value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant(),
            _ => value,
        };
    }

    public static bool Matches(string type, string? stored, IEnumerable<Identity> identities)
    {
        var normalized = Normalize(type, stored);
        return normalized is { Length: > 0 } && identities.Any(i => i.Type == type && Normalize(type, i.Value) == normalized);
    }

    /// <summary>+4512345678 for "+45 12 34 56 78", "0045 12345678", "4512345678", "12345678" and "(+45) 12-34.56.78".</summary>
    private static string Phone(string value)
    {
        var kept = new StringBuilder();
        foreach (var ch in value.Trim())
        {
            if (char.IsAsciiDigit(ch) || (ch == '+' && kept.Length == 0))
            {
                kept.Append(ch);
            }
            else if (ch is not (' ' or '-' or '.' or '(' or ')'))
            {
                return value; // not a phone number: compared as it is
            }
        }

        var text = kept.ToString();
        if (text.StartsWith('+'))
        {
            return text;
        }

        if (text.StartsWith("00", StringComparison.Ordinal))
        {
            return "+" + text[2..];
        }

        if (text.Length == 8)
        {
            return "+45" + text;
        }

        return text.Length == 10 && text.StartsWith("45", StringComparison.Ordinal) ? "+" + text : text;
    }

    /// <summary>A stored value as text, the same way for SQLite and PostgreSQL (integers of any width alike).</summary>
    public static string? Text(object? value) => value switch
    {
        null or DBNull => null,
        string s => s,
        byte[] bytes => Convert.ToHexString(bytes),
        DateTime d => d.ToString("O", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };
}
