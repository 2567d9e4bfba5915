using Lethe.Execution;

namespace Lethe.Tests.Ownership;

/// <summary>
/// A row as the tests compare it: "Collection Role key [columns]", and " differs: column" for any value the walk gave
/// that is not the value in the table. Expectations are made the same way from the test's own SQL.
/// </summary>
internal static class RowLines
{
    public static async Task<string> LineAsync(RealDatabase database, string collection, RowRole role, string keyColumn, IReadOnlyDictionary<string, object?> values)
    {
        var key = RealDatabase.Text(values.GetValueOrDefault(keyColumn)) ?? "NULL";
        var table = (await RowAsync(database, collection, keyColumn, key)) ?? [];
        var differs = values.Where(v => !table.TryGetValue(v.Key, out var value) || value != RealDatabase.Text(v.Value)).Select(v => v.Key).Order(StringComparer.Ordinal).ToList();
        return Line(collection, role, key, values.Keys) + (differs.Count == 0 ? "" : $" differs: {string.Join(", ", differs)}");
    }

    /// <summary>The lines expected for the rows whose <paramref name="keyColumn"/> the test's own SQL selects, with every column or only <paramref name="columns"/>.</summary>
    public static async Task<List<string>> ExpectAsync(RealDatabase database, string collection, RowRole role, string keyColumn, string selectKeys, params string[] columns)
    {
        IReadOnlyList<string> all = columns.Length > 0 ? columns : await ColumnsAsync(database, collection);
        return (await database.ColumnAsync(selectKeys)).Distinct().Select(key => Line(collection, role, key, all)).ToList();
    }

    private static string Line(string collection, RowRole role, string key, IEnumerable<string> columns) =>
        $"{collection} {role} {key} [{string.Join(",", columns.Order(StringComparer.Ordinal))}]";

    private static async Task<List<string>> ColumnsAsync(RealDatabase database, string table)
    {
        await using var connection = database.Connect();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM \"{table}\" WHERE 1 = 0";
        await using var reader = await command.ExecuteReaderAsync();
        return Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
    }

    private static async Task<Dictionary<string, string?>?> RowAsync(RealDatabase database, string table, string keyColumn, string key)
    {
        await using var connection = database.Connect();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM \"{table}\" WHERE \"{keyColumn}\" = {Literal(key)}";
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            return null;
        }

        return Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, i => reader.IsDBNull(i) ? null : RealDatabase.Text(reader.GetValue(i)), StringComparer.Ordinal);
    }

    /// <summary>A key as a quoted SQL literal: both databases compare it with a number column as a number, and Northwind's
    /// territory ids are text with leading zeros ('01581').</summary>
    public static string Literal(string key) => $"'{key.Replace("'", "''", StringComparison.Ordinal)}'";

    /// <summary>"Table key: column, …" for a row whose listed columns an erasure changes: those that hold a value now.</summary>
    public static async Task<List<string>> ChangedAsync(RealDatabase database, string table, string keyColumn, string key, params string[] strategyColumns)
    {
        var row = (await RowAsync(database, table, keyColumn, key))!;
        var changed = strategyColumns.Where(c => row[c] is not null).Order(StringComparer.Ordinal).ToList();
        return changed.Count == 0 ? [] : [$"{table} {key}: {string.Join(", ", changed)}"];
    }
}
