using System.Diagnostics;
using System.Globalization;
using Lethe.Scanning;

namespace Lethe.Cli;

/// <summary>
/// One progress line for a whole scan, whose tables are read several at once: rows of the estimate, MB/s and time
/// left, and the tables done. Redrawn in place on a terminal; into a file or pipe at most every two seconds and when a
/// table ends. Reports come from several workers at once, so the totals are kept under a lock.
/// </summary>
internal sealed class ScanProgressLines : IProgress<ScanProgress>
{
    private const int Width = 24;
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(2);
    private readonly TextWriter _output;
    private readonly bool _plain;
    private readonly Dictionary<(string, string), ScanProgress> _tables = [];
    private readonly long _estimate;
    private readonly int _tableCount;
    private readonly long _startedAt = Stopwatch.GetTimestamp();
    private readonly long _rowsBefore;
    private readonly long _bytesBefore;
    private long _lastWritten = -Stopwatch.Frequency * 10;
    private readonly Lock _gate = new();

    /// <param name="tables">The run's tables as they stand, so a resumed scan counts what was read before.</param>
    public ScanProgressLines(TextWriter output, bool plain, IReadOnlyList<ScanTable> tables)
    {
        _output = output;
        _plain = plain;
        _tableCount = tables.Count(t => t.Table.Length > 0);
        _estimate = tables.Sum(t => Math.Max(t.Rows, t.EstimatedRows ?? 0));
        foreach (var t in tables.Where(t => t.Table.Length > 0))
        {
            _tables[(t.Datastore, t.Table)] = new ScanProgress(t.Datastore, t.Table, t.Rows, t.Bytes, t.EstimatedRows, t.Seconds, t.Done, t.Error);
        }

        _rowsBefore = tables.Sum(t => t.Rows);
        _bytesBefore = tables.Sum(t => t.Bytes);
    }

    public void Report(ScanProgress value)
    {
        lock (_gate)
        {
            _tables[(value.Datastore, value.Table)] = value;
            if (_plain && !value.Finished && Stopwatch.GetElapsedTime(_lastWritten) < Every)
            {
                return;
            }

            _lastWritten = Stopwatch.GetTimestamp();
            var rows = _tables.Values.Sum(t => t.Rows);
            var bytes = _tables.Values.Sum(t => t.Bytes);
            var line = Line(rows, _estimate, bytes - _bytesBefore, rows - _rowsBefore, Stopwatch.GetElapsedTime(_startedAt).TotalSeconds, _tables.Values.Count(t => t.Finished), _tableCount);
            if (_plain)
            {
                _output.WriteLine(line);
            }
            else
            {
                _output.Write("\r" + line.PadRight(Math.Max(0, Console.WindowWidth - 1)));
            }
        }
    }

    /// <summary>Ends the line drawn in place.</summary>
    public void Done()
    {
        if (!_plain)
        {
            _output.WriteLine();
        }
    }

    /// <summary>E.g. <c>[#######.........]  2,500,000/~5,000,000 rows  41.2 MB/s  0:00:31 left  tables 3/8</c>.</summary>
    public static string Line(long rows, long estimate, long bytesNow, long rowsNow, double seconds, int tablesDone, int tables)
    {
        var share = estimate == 0 ? (tablesDone == tables ? 1 : 0) : Math.Min(1, (double)rows / estimate);
        var filled = (int)Math.Round(share * Width);
        var megabytes = seconds > 0 ? bytesNow / 1e6 / seconds : 0;
        var rate = seconds > 0 ? rowsNow / seconds : 0;
        var left = tablesDone == tables ? "done" : rate > 0 && estimate > rows
            ? TimeSpan.FromSeconds(Math.Ceiling((estimate - rows) / rate)).ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) + " left" : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"  [{new string('#', filled)}{new string('.', Width - filled)}] {rows:N0}/~{estimate:N0} rows  {megabytes:0.0} MB/s  {left}  tables {tablesDone}/{tables}");
    }
}
