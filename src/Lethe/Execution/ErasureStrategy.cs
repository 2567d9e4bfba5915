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

    /// <summary>The column kinds a strategy can write to; delete-row and set-null fit any column.</summary>
    public static bool Fits(string strategy, ColumnKind column) => strategy switch
    {
        DeleteRow or SetNull => true,
        Replace or Hash or Random => column is ColumnKind.Text,
        // SQLite keeps dates as text; a text column is accepted and its values parsed.
        TruncateDate => column is ColumnKind.Date or ColumnKind.Timestamp or ColumnKind.Text,
        _ => false,
    };

    /// <summary>The erased value of <paramref name="current"/>, or <c>Unchanged</c> when it is erased already.</summary>
    /// <param name="key">The tenant's secret for keyed hashes: the same value hashes the same way in every run and datastore.</param>
    public static Erased Apply(string strategy, object? current, string? replacement, byte[] key) => strategy switch
    {
        SetNull => current is null ? Erased.Unchanged : new Erased(true, null),
        Replace => Equals(current, replacement) ? Erased.Unchanged : new Erased(true, replacement),
        Hash => current is null || (current is string s && HashPattern().IsMatch(s)) ? Erased.Unchanged : new Erased(true, KeyedHash(Text(current), key)),
        Random => current is null || (current is string r && RandomPattern().IsMatch(r)) ? Erased.Unchanged : new Erased(true, RandomText()),
        TruncateDate => Truncate(current),
        _ => throw new ArgumentOutOfRangeException(nameof(strategy), strategy, "Not a field strategy."),
    };

    /// <summary><c>hmac:</c> and the first 128 bits of HMAC-SHA256(key, value) in hex.</summary>
    public static string KeyedHash(string value, byte[] key) =>
        "hmac:" + Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(value)), 0, 16);

    private static string RandomText() => "erased-" + RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", 16);

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
