using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Lethe.Execution;

/// <summary>
/// The field strategies of erasure. Each recognises its own result, so erasing an erased row changes nothing: a hash is
/// not hashed again, a random string is not replaced by another, a truncated date stays the same date.
/// </summary>
public static partial class ErasureStrategy
{
    public const string DeleteRow = "delete-row";
    public const string SetNull = "set-null";
    public const string Replace = "replace";
    public const string Hash = "hash";
    public const string Random = "random";
    public const string TruncateDate = "truncate-date";
    public const string Empty = "empty";
    public const string TruncateIp = "truncate-ip";

    /// <summary>The column kinds a strategy can write to; delete-row and set-null fit any column, a numeric replacement (user_id → 0) a numeric one.</summary>
    public static bool Fits(string strategy, ColumnKind column, string? replacement = null) => strategy switch
    {
        DeleteRow or SetNull => true,
        Replace when column is ColumnKind.Integer => long.TryParse(replacement, NumberStyles.Integer, CultureInfo.InvariantCulture, out _),
        Replace when column is ColumnKind.Decimal => decimal.TryParse(replacement, NumberStyles.Number, CultureInfo.InvariantCulture, out _),
        Replace or Hash or Random or Empty => column is ColumnKind.Text,
        // PostgreSQL's inet reads as Other; its values are truncated as addresses.
        TruncateIp => column is ColumnKind.Text or ColumnKind.Other,
        // SQLite keeps dates as text; a text column is accepted and its values parsed.
        TruncateDate => column is ColumnKind.Date or ColumnKind.Timestamp or ColumnKind.Text,
        _ => false,
    };

    /// <summary>The erased value of <paramref name="current"/>, or <c>Unchanged</c> when it is erased already.</summary>
    /// <param name="key">The tenant's secret for keyed hashes: the same value hashes the same way in every run and datastore.</param>
    /// <param name="column">The live column's kind, so a numeric replacement is written as a number even over NULL.</param>
    public static Erased Apply(string strategy, object? current, string? replacement, byte[] key, ColumnKind column = ColumnKind.Other) => strategy switch
    {
        SetNull => current is null ? Erased.Unchanged : new Erased(true, null),
        Empty => current is "" ? Erased.Unchanged : new Erased(true, ""),
        Replace when current is null && column is ColumnKind.Integer => new Erased(true, long.Parse(replacement ?? "0", CultureInfo.InvariantCulture)),
        Replace when current is null && column is ColumnKind.Decimal => new Erased(true, decimal.Parse(replacement ?? "0", CultureInfo.InvariantCulture)),
        Replace => ReplaceWith(current, replacement),
        TruncateIp => TruncateAddress(current),
        Hash => current is null || (current is string s && HashPattern().IsMatch(s)) ? Erased.Unchanged : new Erased(true, KeyedHash(Text(current), key)),
        Random => current is null || (current is string r && RandomPattern().IsMatch(r)) ? Erased.Unchanged : new Erased(true, RandomText()),
        TruncateDate => Truncate(current),
        _ => throw new ArgumentOutOfRangeException(nameof(strategy), strategy, "Not a field strategy."),
    };

    /// <summary><c>hmac:</c> and the first 128 bits of HMAC-SHA256(key, value) in hex.</summary>
    public static string KeyedHash(string value, byte[] key) =>
        "hmac:" + Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(value)), 0, 16);

    private static string RandomText() => "erased-" + RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", 16);

    /// <summary>The replacement in the current value's type, so a numeric column gets a number (<c>0</c>), a text column the text.</summary>
    private static Erased ReplaceWith(object? current, string? replacement)
    {
        object? value = current switch
        {
            long => long.Parse(replacement ?? "0", CultureInfo.InvariantCulture),
            int => int.Parse(replacement ?? "0", CultureInfo.InvariantCulture),
            short => short.Parse(replacement ?? "0", CultureInfo.InvariantCulture),
            decimal => decimal.Parse(replacement ?? "0", CultureInfo.InvariantCulture),
            double => double.Parse(replacement ?? "0", CultureInfo.InvariantCulture),
            _ => replacement,
        };
        return Equals(current, value) ? Erased.Unchanged : new Erased(true, value);
    }

    /// <summary>An IPv4 address with its last octet 0, an IPv6 address cut to its /64, as the anchors' own erasers do.</summary>
    private static Erased TruncateAddress(object? current)
    {
        var (address, text) = current switch
        {
            null => (null, false),
            System.Net.IPAddress ip => (ip, false),
            string s when System.Net.IPAddress.TryParse(s.Trim(), out var parsed) => (parsed, true),
            string s when s.Length == 0 => (null, false),
            _ => throw new FormatException("the value is not an IP address, so it cannot be truncated"),
        };
        if (address is null)
        {
            return Erased.Unchanged;
        }

        var bytes = address.GetAddressBytes();
        var keep = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 3 : 8;
        if (address.IsIPv4MappedToIPv6)
        {
            keep = 15;
        }

        Array.Clear(bytes, keep, bytes.Length - keep);
        var truncated = new System.Net.IPAddress(bytes);
        if (truncated.Equals(address))
        {
            return Erased.Unchanged;
        }

        return new Erased(true, text ? truncated.ToString() : truncated);
    }

    private static Erased Truncate(object? current)
    {
        switch (current)
        {
            case null:
                return Erased.Unchanged;
            case DateOnly d:
                var year = new DateOnly(d.Year, 1, 1);
                return d == year ? Erased.Unchanged : new Erased(true, year);
            case DateTime t:
                var start = new DateTime(t.Year, 1, 1, 0, 0, 0, t.Kind);
                return t == start ? Erased.Unchanged : new Erased(true, start);
            case DateTimeOffset o:
                var first = new DateTimeOffset(o.Year, 1, 1, 0, 0, 0, o.Offset);
                return o == first ? Erased.Unchanged : new Erased(true, first);
            case string s when s.Length >= 10 && DateOnly.TryParseExact(s[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date):
                var truncated = s.Length == 10 ? $"{date.Year:D4}-01-01" : $"{date.Year:D4}-01-01T00:00:00Z";
                return s == truncated ? Erased.Unchanged : new Erased(true, truncated);
            default:
                throw new FormatException("the value is not a date, so it cannot be truncated to its year");
        }
    }

    private static string Text(object value) => value switch
    {
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    [GeneratedRegex("^hmac:[0-9a-f]{32}$", RegexOptions.CultureInvariant)]
    private static partial Regex HashPattern();

    [GeneratedRegex("^erased-[a-z0-9]{16}$", RegexOptions.CultureInvariant)]
    private static partial Regex RandomPattern();
}

/// <summary>The result of a strategy: whether the value changes, and to what.</summary>
public readonly record struct Erased(bool Changes, object? Value)
{
    public static Erased Unchanged => new(false, null);
}
