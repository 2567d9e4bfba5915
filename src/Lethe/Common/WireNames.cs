using System.Reflection;
using System.Text.Json.Serialization;

namespace Lethe.Common;

/// <summary>
/// The names an enum's members are stored and sent by (<c>awaiting_verification</c>, <c>withdraw_consent</c>): the
/// <see cref="JsonStringEnumMemberNameAttribute"/> on each member, so the database, the API's JSON and every message
/// read one list. A member without the attribute goes by its own name, as the JSON converter writes it.
/// </summary>
public static class WireNames
{
    public static string Of<T>(T value) where T : struct, Enum =>
        Names<T>.ByValue.TryGetValue(value, out var name) ? name : throw new ArgumentOutOfRangeException(nameof(value), value, $"not a {typeof(T).Name}");

    public static bool TryParse<T>(string? text, out T value) where T : struct, Enum
    {
        value = default;
        return text is not null && Names<T>.ByName.TryGetValue(text, out value);
    }

    /// <summary>The member stored as <paramref name="text"/>; anything else in the database is a bug worth stopping for.</summary>
    public static T Parse<T>(string text) where T : struct, Enum =>
        TryParse<T>(text, out var value) ? value : throw new FormatException($"'{text}' is not a {typeof(T).Name}");

    /// <summary>Every member, in declaration order.</summary>
    public static IReadOnlyList<T> All<T>() where T : struct, Enum => Names<T>.Members;

    /// <summary>What the member is stored and sent as.</summary>
    public static string ToWire<T>(this T value) where T : struct, Enum => Of(value);

    private static class Names<T> where T : struct, Enum
    {
        public static readonly T[] Members = typeof(T).GetFields(BindingFlags.Public | BindingFlags.Static)
            .OrderBy(f => f.MetadataToken).Select(f => (T)f.GetValue(null)!).ToArray();

        // Plain dictionaries, only read once built: a handful of members each, and building a FrozenDictionary the first
        // time (it picks a strategy for its keys) cost some 40 ms of every CLI command and server start.
        public static readonly Dictionary<T, string> ByValue = typeof(T).GetFields(BindingFlags.Public | BindingFlags.Static).ToDictionary(
            f => (T)f.GetValue(null)!, f => f.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? f.Name);

        public static readonly Dictionary<string, T> ByName = ByValue.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);
    }
}
