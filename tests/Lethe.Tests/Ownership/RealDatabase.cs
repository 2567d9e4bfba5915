using System.Data.Common;
using System.Globalization;
using Lethe.Connectors;
using Lethe.DataMap;
using Lethe.Storage;
using Lethe.Tests.Support;
using Npgsql;

namespace Lethe.Tests.Ownership;

/// <summary>One test's own copy of a real schema (<see cref="RealSchemas.CreateAsync"/>); dropped on dispose.</summary>
/// <param name="Place">The SQLite file, or the PostgreSQL schema.</param>
public sealed record RealDatabase(RealSchema Schema, DatabaseProvider Provider, string ConnectionString, string Place) : IAsyncDisposable
{
    public DatastoreKind Kind => Provider == DatabaseProvider.Sqlite ? DatastoreKind.Sqlite : DatastoreKind.Postgres;

    public DbConnection Connect() => LiveSchema.Connect(Kind, ConnectionString);

    /// <summary>Runs hand-written SQL; each value as the driver returns it, null for NULL.</summary>
    public Task<List<object?[]>> QueryAsync(string sql) => TestDatastores.QueryAsync(Kind, ConnectionString, sql);

    /// <summary>The first column of every row, as text (<see cref="Text"/>).</summary>
    public async Task<List<string>> ColumnAsync(string sql) => (await QueryAsync(sql)).Select(r => Text(r[0]) ?? "NULL").ToList();

    public async Task<long> CountAsync(string sql) => System.Convert.ToInt64((await QueryAsync(sql)).Single()[0], CultureInfo.InvariantCulture);

    public Task ExecuteAsync(string sql) => TestDatastores.ExecuteAsync(Kind, ConnectionString, sql);

    /// <summary>
    /// Every row of every table of the schema, by table and primary key (<see cref="RowKey"/>), with each column's
    /// value as text: what an erasure test compares before and after.
    /// </summary>
    public async Task<DatabaseSnapshot> SnapshotAsync()
    {
        var tables = new Dictionary<string, Dictionary<string, Dictionary<string, string?>>>(StringComparer.Ordinal);
        await using var connection = Connect();
        await connection.OpenAsync();
        foreach (var (table, key) in RealSchemas.Tables(Schema))
        {
            var rows = new Dictionary<string, Dictionary<string, string?>>(StringComparer.Ordinal);
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\"";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var row = new Dictionary<string, string?>(StringComparer.Ordinal);
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    row[reader.GetName(i)] = reader.IsDBNull(i) ? null : Text(reader.GetValue(i));
                }

                rows.Add(RowKey(key.Select(k => row[k])), row);
            }

            tables[table] = rows;
        }

        return new DatabaseSnapshot(tables);
    }

    /// <summary>A row's key as text: its key columns' values joined with '|'.</summary>
    public static string RowKey(IEnumerable<object?> values) => string.Join('|', values.Select(v => v is string s ? s : Text(v)));

    /// <summary>A value as culture-invariant text, the same for the same value whichever driver read it.</summary>
    public static string? Text(object? value) => value switch
    {
        null or DBNull => null,
        string s => s,
        byte[] bytes => "0x" + System.Convert.ToHexString(bytes),
        DateTime d => d.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset d => d.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    public async ValueTask DisposeAsync()
    {
        if (Provider == DatabaseProvider.Sqlite)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                File.Delete(Place);
            }
            catch (IOException)
            {
                // A file still held open on a slow shutdown; the OS temp cleaner takes it.
            }

            return;
        }

        await using var admin = new NpgsqlConnection(TestDatabase.PostgresServer());
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{Place}\" CASCADE", admin);
        await drop.ExecuteNonQueryAsync();
    }
}

/// <summary>Every row of a database by table and key, each column as text; <see cref="ChangesTo"/> says what differs.</summary>
public sealed record DatabaseSnapshot(IReadOnlyDictionary<string, Dictionary<string, Dictionary<string, string?>>> Tables)
{
    /// <summary>
    /// What differs in <paramref name="after"/>, as "Table key: column, column" for changed rows, "Table key: deleted" and
    /// "Table key: added", sorted.
    /// </summary>
    public IReadOnlyList<string> ChangesTo(DatabaseSnapshot after)
    {
        var changes = new List<string>();
        foreach (var (table, rows) in Tables)
        {
            var later = after.Tables[table];
            foreach (var (key, row) in rows)
            {
                if (!later.TryGetValue(key, out var now))
                {
                    changes.Add($"{table} {key}: deleted");
                    continue;
                }

                var columns = row.Keys.Where(c => row[c] != now[c]).Order(StringComparer.Ordinal).ToList();
                if (columns.Count > 0)
                {
                    changes.Add($"{table} {key}: {string.Join(", ", columns)}");
                }
            }

            changes.AddRange(later.Keys.Where(k => !rows.ContainsKey(k)).Select(k => $"{table} {k}: added"));
        }

        return changes.Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Rows and values that differ between two databases of the same schema, for the load test. Values compare as the
    /// two drivers can give them: a PostgreSQL <c>real</c> at single precision, a date with or without midnight.
    /// </summary>
    public IReadOnlyList<string> DifferencesFrom(DatabaseSnapshot other)
    {
        var differences = new List<string>();
        foreach (var (table, rows) in Tables)
        {
            var others = other.Tables[table];
            differences.AddRange(rows.Keys.Except(others.Keys).Concat(others.Keys.Except(rows.Keys)).Select(k => $"{table} {k}: only in one"));
            foreach (var (key, row) in rows.Where(r => others.ContainsKey(r.Key)))
            {
                differences.AddRange(row.Where(c => !Same(c.Value, others[key].GetValueOrDefault(c.Key)))
                    .Select(c => $"{table} {key}.{c.Key}: {c.Value} / {others[key].GetValueOrDefault(c.Key)}"));
            }
        }

        return differences;
    }

    private static bool Same(string? a, string? b) =>
        a == b
        || (a is not null && b is not null && (Trim(a) == Trim(b)
            || (double.TryParse(a, NumberStyles.Float, CultureInfo.InvariantCulture, out var x)
                && double.TryParse(b, NumberStyles.Float, CultureInfo.InvariantCulture, out var y) && (float)x == (float)y)));

    private static string Trim(string value) => value.EndsWith(" 00:00:00", StringComparison.Ordinal) ? value[..^9] : value;
}
