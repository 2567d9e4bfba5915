using System.Text.Json;

namespace Lethe.Execution;

/// <summary>Row keys by collection, stored as JSON: numbers stay numbers, UUIDs and text stay text.</summary>
public static class RowKeys
{
    public static string Write(IReadOnlyDictionary<string, IReadOnlyList<object>> keys) => JsonSerializer.Serialize(keys);

    public static IReadOnlyDictionary<string, IReadOnlyList<object>> Read(string json)
    {
        var parsed = JsonSerializer.Deserialize<Dictionary<string, List<JsonElement>>>(json) ?? [];
        return parsed.ToDictionary(p => p.Key, p => (IReadOnlyList<object>)p.Value.Select(Key).ToList(), StringComparer.Ordinal);
    }

    /// <summary>One key as JSON, for a checkpoint.</summary>
    public static string WriteOne(object key) => JsonSerializer.Serialize(key);

    public static object ReadOne(string json) => Key(JsonSerializer.Deserialize<JsonElement>(json));

    private static object Key(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetInt64(out var l) => l,
        JsonValueKind.String when Guid.TryParse(value.GetString(), out var g) => g,
        JsonValueKind.String => value.GetString()!,
        _ => value.GetRawText(),
    };
}
