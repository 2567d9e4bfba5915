using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace Lethe.Scanning;

/// <summary>One batch read: how many rows and characters, where the next batch starts, and whether the table is done.</summary>
public sealed record ScanBatch(long Rows, long Bytes, string? Checkpoint, bool Last);

/// <summary>
/// Reads a table a batch at a time from a checkpoint, handing each text value to the tally and nothing else: no value
/// is kept, returned or logged. The first batch is about <see cref="BatchRows"/> rows; on a table that reads quickly
/// the next ones grow (see <see cref="MaxGrowth"/>), so a checkpoint is never more than about a second behind.
/// </summary>
public sealed class TableReader(DbConnection connection, ScanTarget target, FindingTally tally)
{
    public const int BatchRows = 10_000;

    /// <summary>How many times <see cref="BatchRows"/> a batch may grow to.</summary>
    public const int MaxGrowth = 32;

    // Each batch ends with its findings and checkpoint saved in Lethe's own database, a round trip and a commit of a
    // few milliseconds, and a new statement on the datastore. At 10,000 rows a batch of short texts reads in about
    // 10 ms, so that was a tenth of a scan; a batch read in less than this is followed by one twice its size.
    private static readonly TimeSpan Quick = TimeSpan.FromMilliseconds(500);

    private readonly bool _postgres = connection is NpgsqlConnection;
    private int _growth = 1;

    /// <summary>The next batch after <paramref name="checkpoint"/> (null: from the start); a sample is one batch.</summary>
    public async Task<ScanBatch> NextAsync(string? checkpoint, int? sample, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var batch = await ReadBatchAsync(checkpoint, sample, BatchRows * _growth, ct);
        if (Stopwatch.GetElapsedTime(started) < Quick && _growth < MaxGrowth)
        {
            _growth *= 2;
        }

        return batch;
    }

    private async Task<ScanBatch> ReadBatchAsync(string? checkpoint, int? sample, int batchRows, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        // A long table is read in batches, each a statement of its own; none should be cut off by the driver's default.
        command.CommandTimeout = 0;
        var keyColumns = Math.Max(1, target.KeyColumns.Count);
        if (!_postgres)
        {
            return await SqliteAsync(command, checkpoint, sample, batchRows, keyColumns, ct);
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
            var pages = perPage > 0 ? Math.Max(1, (long)Math.Ceiling(batchRows / perPage)) : 128L * batchRows / BatchRows;
            var to = from + pages;
            // The last batch takes every page from here on, so rows added since the scan began are not left out.
            last = to >= target.Pages;
            command.CommandText = ScanSql.PostgresPages(target, from, last ? null : to);
            next = last ? null : to.ToString(CultureInfo.InvariantCulture);
        }

        var (count, bytes, _) = await ReadAsync(command, 0, keyColumns, ct);
        if (sample is { } wanted && count == 0 && target.EstimatedRows is > 0)
        {
            // TABLESAMPLE SYSTEM picks each page at random, so on a large table with a small share asked for it now
            // and then picks none (about one time in fifty for 100 rows of 25,000). A sample of nothing would report
            // the table as looked at and clean: the first rows are read instead.
            command.CommandText = ScanSql.PostgresFirst(target, wanted);
            (count, bytes, _) = await ReadAsync(command, 0, keyColumns, ct);
        }

        return new ScanBatch(count, bytes, next, last);
    }

    private async Task<ScanBatch> SqliteAsync(DbCommand command, string? checkpoint, int? sample, int batchRows, int keyColumns, CancellationToken ct)
    {
        command.CommandText = ScanSql.SqliteNext(target);
        var take = sample ?? batchRows;
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
        // One delegate for the batch, not one per value: the tally asks for a row's key only when it wants an example.
        var key = () => Key(reader, firstKey, keyColumns);
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
                tally.Add(target.TextColumns[i], text, key);
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
