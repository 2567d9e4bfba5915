using System.Data.Common;
using Npgsql;

namespace Lethe.Scanning;

/// <summary>A table a scan reads: its text columns, the columns that name a row, and how many rows the database thinks it has.</summary>
/// <param name="KeyColumns">The primary key's columns in order; empty when the table has none (the row's place names it then).</param>
/// <param name="EstimatedRows">PostgreSQL's statistics or SQLite's count; null when PostgreSQL has never counted.</param>
/// <param name="Pages">PostgreSQL only: the table's pages when the scan started.</param>
public sealed record ScanTarget(string Table, IReadOnlyList<string> TextColumns, IReadOnlyList<string> KeyColumns, long? EstimatedRows, long Pages = 0);

/// <summary>
/// Every table of a datastore with a column that can hold text — described in the data map or not — read from the
/// database's own catalogue: text, character and JSON columns on PostgreSQL; on SQLite, whose columns hold any type,
/// those declared as text or without a type.
/// </summary>
public static class ScanCatalogue
{
    public static Task<IReadOnlyList<ScanTarget>> ReadAsync(DbConnection connection, CancellationToken ct) =>
        connection is NpgsqlConnection postgres ? PostgresAsync(postgres, ct) : SqliteAsync(connection, ct);

    /// <summary>Whether a SQLite column's declared type gives it text affinity, or none at all (then it holds whatever was put in).</summary>
    public static bool SqliteHoldsText(string declared)
    {
        var type = declared.ToUpperInvariant();
        return type.Length == 0 || type.Contains("CHAR", StringComparison.Ordinal) || type.Contains("CLOB", StringComparison.Ordinal)
               || type.Contains("TEXT", StringComparison.Ordinal) || type.Contains("JSON", StringComparison.Ordinal);
    }

    private static async Task<IReadOnlyList<ScanTarget>> PostgresAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        // Ordinary tables of the connection's schema, as the rest of Lethe reads it; string types (category S), JSON and XML.
        const string sql = """
            SELECT c.relname, a.attname,
                   (t.typcategory = 'S' OR t.typname IN ('json', 'jsonb', 'xml')) AS text_like,
                   array_position(i.indkey::int2[], a.attnum) AS key_position,
                   c.reltuples::bigint,
                   (pg_relation_size(c.oid) / current_setting('block_size')::bigint) AS pages
            FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
            JOIN pg_type t ON t.oid = a.atttypid
            LEFT JOIN pg_index i ON i.indrelid = c.oid AND i.indisprimary
            WHERE n.nspname = current_schema() AND c.relkind = 'r'
            ORDER BY c.relname, a.attnum
            """;
        var tables = new List<Builder>();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var name = reader.GetString(0);
            if (tables.Count == 0 || tables[^1].Table != name)
            {
                var estimate = reader.GetInt64(4);
                // PostgreSQL 14 and later say -1 for a table never vacuumed or analysed: nobody knows.
                tables.Add(new Builder(name, estimate < 0 ? null : estimate, reader.GetInt64(5)));
            }

            Add(tables[^1], reader.GetString(1), reader.GetBoolean(2), reader.IsDBNull(3) ? null : reader.GetInt32(3));
        }

        return tables.Select(b => b.Build()).Where(t => t.TextColumns.Count > 0).ToList();
    }

    private static async Task<IReadOnlyList<ScanTarget>> SqliteAsync(DbConnection connection, CancellationToken ct)
    {
        const string sql = """
            SELECT m.name, p.name, p.type, p.pk
            FROM sqlite_master m JOIN pragma_table_info(m.name) p
            WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'
            ORDER BY m.name, p.cid
            """;
        var tables = new List<Builder>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = sql;
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var name = reader.GetString(0);
                if (tables.Count == 0 || tables[^1].Table != name)
                {
                    tables.Add(new Builder(name, null, 0));
                }

                var pk = reader.GetInt32(3);
                Add(tables[^1], reader.GetString(1), SqliteHoldsText(reader.GetString(2)), pk > 0 ? pk : null);
            }
        }

        var targets = new List<ScanTarget>();
        foreach (var table in tables.Select(b => b.Build()).Where(t => t.TextColumns.Count > 0))
        {
            // SQLite keeps no statistics of its own; counting reads the smallest index, which is what an estimate costs here.
            await using var count = connection.CreateCommand();
            count.CommandText = $"SELECT count(*) FROM {ScanSql.Quote(table.Table)}";
            targets.Add(table with { EstimatedRows = Convert.ToInt64(await count.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) });
        }

        return targets;
    }

    private static void Add(Builder table, string column, bool text, int? keyPosition)
    {
        if (text)
        {
            table.Text.Add(column);
        }

        if (keyPosition is { } position)
        {
            table.Keys.Add((position, column));
        }
    }

    private sealed record Builder(string Table, long? Estimate, long Pages)
    {
        public List<string> Text { get; } = [];

        public List<(int Position, string Column)> Keys { get; } = [];

        public ScanTarget Build() => new(Table, Text, Keys.OrderBy(k => k.Position).Select(k => k.Column).ToList(), Estimate, Pages);
    }
}
