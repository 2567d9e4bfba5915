using System.Globalization;

namespace Lethe.Scanning;

/// <summary>
/// The statements that read one batch of a table: its key and text columns only. PostgreSQL reads a range of the
/// table's pages (a TID range scan, PostgreSQL 14 and later: sequential, no index, no sort); SQLite the next rows by rowid.
/// Names come from the database's own catalogue and are quoted, so any name reads and none can break out.
/// </summary>
public static class ScanSql
{
    public static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>The columns read, in order: the row's key (the primary key, or the row's place), then the text columns.</summary>
    public static string Columns(ScanTarget target, bool postgres)
    {
        var key = target.KeyColumns.Count > 0 ? target.KeyColumns.Select(Quote) : [postgres ? "ctid::text" : "rowid"];
        return string.Join(", ", key.Concat(target.TextColumns.Select(Quote)));
    }

    /// <summary>PostgreSQL: the rows on pages [<paramref name="from"/>, <paramref name="to"/>); every page from <paramref name="from"/> on when <paramref name="to"/> is null.</summary>
    public static string PostgresPages(ScanTarget target, long from, long? to)
    {
        var sql = $"SELECT {Columns(target, postgres: true)} FROM {Quote(target.Table)} WHERE ctid >= '({from.ToString(CultureInfo.InvariantCulture)},0)'::tid";
        return to is { } end ? sql + $" AND ctid < '({end.ToString(CultureInfo.InvariantCulture)},0)'::tid" : sql;
    }

    /// <summary>PostgreSQL before 14, which has no TID range scan: the whole table in one pass.</summary>
    public static string PostgresWhole(ScanTarget target) => $"SELECT {Columns(target, postgres: true)} FROM {Quote(target.Table)}";

    /// <summary>PostgreSQL's quick look: about <paramref name="rows"/> rows from pages picked at random.</summary>
    public static string PostgresSample(ScanTarget target, int rows)
    {
        var sql = $"SELECT {Columns(target, postgres: true)} FROM {Quote(target.Table)}";
        if (target.EstimatedRows is { } estimate && estimate > rows)
        {
            // Twice the share asked for, so pages with fewer rows than the average still leave enough; LIMIT trims.
            var percent = Math.Min(100, Math.Max(0.0001, 200.0 * rows / estimate));
            sql += $" TABLESAMPLE SYSTEM ({percent.ToString("0.######", CultureInfo.InvariantCulture)})";
        }

        return sql + $" LIMIT {rows.ToString(CultureInfo.InvariantCulture)}";
    }

    /// <summary>PostgreSQL: the first <paramref name="rows"/> rows, when a random sample of pages found none.</summary>
    public static string PostgresFirst(ScanTarget target, int rows) =>
        $"SELECT {Columns(target, postgres: true)} FROM {Quote(target.Table)} LIMIT {rows.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>SQLite: the next <c>@take</c> rows after rowid <c>@after</c>, the rowid first.</summary>
    public static string SqliteNext(ScanTarget target) =>
        $"SELECT rowid, {Columns(target, postgres: false)} FROM {Quote(target.Table)} WHERE rowid > @after ORDER BY rowid LIMIT @take";
}
