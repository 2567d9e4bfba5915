using System.Diagnostics;
using System.Globalization;
using Lethe.Retention;

namespace Lethe.Cli;

/// <summary>
/// A progress bar per retention rule: rows done of all due, rows per second and time left. On a terminal the rule's line
/// is redrawn in place; into a file or pipe a line is written at most every two seconds and when the rule ends, so logs
/// stay readable.
/// </summary>
internal sealed class ProgressLines(TextWriter output, bool plain) : IProgress<RuleProgress>
{
    private const int Width = 24;
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(2);
    private long _lastWritten = -Stopwatch.Frequency * 10;
    private string? _rule;

    public void Report(RuleProgress value)
    {
        var switched = _rule != value.Rule;
        if (switched && _rule is not null && !plain)
        {
            output.WriteLine();
        }

        _rule = value.Rule;
        if (plain && !value.Finished && !switched && Stopwatch.GetElapsedTime(_lastWritten) < Every)
        {
            return;
        }

        _lastWritten = Stopwatch.GetTimestamp();
        var line = Line(value);
        if (plain)
        {
            output.WriteLine(line);
        }
        else
        {
            output.Write("\r" + line.PadRight(Math.Max(0, Console.WindowWidth - 1)));
            if (value.Finished)
            {
                output.WriteLine();
                _rule = null;
            }
        }
    }

    /// <summary>One rule's progress as text, e.g. <c>call_recordings  [#######.........]  2,500/9,000  4,100 rows/s  0:01 left</c>.</summary>
    public static string Line(RuleProgress p)
    {
        var total = p.Done + p.Remaining;
        var share = total == 0 ? 1 : (double)p.Done / total;
        var filled = (int)Math.Round(share * Width);
        var rate = p.Seconds > 0 ? p.Done / p.Seconds : 0;
        var left = p.Finished ? (p.Error is null ? "done" : "failed: " + p.Error)
            : rate > 0 ? TimeSpan.FromSeconds(Math.Ceiling(p.Remaining / rate)).ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) + " left" : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"  {p.Rule,-22} [{new string('#', filled)}{new string('.', Width - filled)}] {p.Done:N0}/{total:N0}  {rate:N0} rows/s  {left}");
    }
}
