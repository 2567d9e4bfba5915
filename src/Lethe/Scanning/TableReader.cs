using System.Data.Common;
using System.Globalization;
using Npgsql;

namespace Lethe.Scanning;

/// <summary>One batch read: how many rows and characters, where the next batch starts, and whether the table is done.</summary>
public sealed record ScanBatch(long Rows, long Bytes, string? Checkpoint, bool Last);

/// <summary>
/// Reads a table a batch at a time from a checkpoint, handing each text value to the tally and nothing else: no value
/// is kept, returned or logged. A batch is about <see cref="BatchRows"/> rows, so a checkpoint is never far behind.
/// </summary>
public sealed class TableReader(DbConnection connection, ScanTarget target, FindingTally tally)
{
    public const int BatchRows = 10_000;

    private readonly bool _postgres = connection is NpgsqlConnection;

    /// <summary>The next batch after <paramref name="checkpoint"/> (null: from the start); a sample is one batch.</summary>
    public async Task<ScanBatch> NextAsync(string? checkpoint, int? sample, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        // A long table is read in batches, each a statement of its own; none should be cut off by the driver's default.
        command.CommandTimeout = 0;
        var keyColumns = Math.Max(1, target.KeyColumns.Count);
        if (!_postgres)
        {
            return await SqliteAsync(command, checkpoint, sample, keyColumns, ct);
        }

        string? next;
        bool last;
        if (sample is { } rows)
        {
            command.CommandText = ScanSql.PostgresSample(target, rows);
            (next, last) = (null, true);
        }
        else if (((NpgsqlConnection)connection).PostgreSqlVersion.Major < 14)
        {
            command.CommandText = ScanSql.PostgresWhole(target);
            (next, last) = (null, true);
        }
        else
        {
            var from = checkpoint is null ? 0 : long.Parse(checkpoint, CultureInfo.InvariantCulture);
            var perPage = target.EstimatedRows is > 0 && target.Pages > 0 ? (double)target.EstimatedRows.Value / target.Pages : 0;
            var pages = perPage > 0 ? Math.Max(1, (long)Math.Ceiling(BatchRows / perPage)) : 128;
            var to = from + pages;
            // The last batch takes every page from here on, so rows added since the scan began are not left out.
            last = to >= target.Pages;
            command.CommandText = ScanSql.PostgresPages(target, from, last ? null : to);
            next = last ? null : to.ToString(CultureInfo.InvariantCulture);
        }

        var (count, bytes, _) = await ReadAsync(command, 0, keyColumns, ct);
        return new ScanBatch(count, bytes, next, last);
    }

    private async Task<ScanBatch> SqliteAsync(DbCommand command, string? checkpoint, int? sample, int keyColumns, CancellationToken ct)
    {
        command.CommandText = ScanSql.SqliteNext(target);
        var take = sample ?? BatchRows;
        AddParameter(command, "@after", checkpoint is null ? long.MinValue : long.Parse(checkpoint, CultureInfo.InvariantCulture));
        AddParameter(command, "@take", take);
        var (count, bytes, lastRowid) = await ReadAsync(command, 1, keyColumns, ct);
        var last = sample is not null || count < take;
        return new ScanBatch(count, bytes, last ? null : lastRowid.ToString(CultureInfo.InvariantCulture), last);
    }

    private async Task<(long Rows, long Bytes, long LastRowid)> ReadAsync(DbCommand command, int firstKey, int keyColumns, CancellationToken ct)
    {
        long rows = 0, bytes = 0, lastRowid = 0;
        var firstText = firstKey + keyColumns;
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows++;
            if (firstKey == 1)
            {
                lastRowid = reader.GetInt64(0);
            }

            for (var i = 0; i < target.TextColumns.Count; i++)
            {
                if (reader.IsDBNull(firstText + i) || reader.GetValue(firstText + i) is not string text)
                {
                    continue;
                }

                bytes += text.Length;
                tally.Add(target.TextColumns[i], text, () => Key(reader, firstKey, keyColumns));
            }
        }

        return (rows, bytes, lastRowid);
    }

    private static string Key(DbDataReader reader, int first, int count) =>
        string.Join(",", Enumerable.Range(first, count).Select(i => reader.IsDBNull(i) ? "" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)));

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
