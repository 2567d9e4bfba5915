namespace Lethe.Scanning;

/// <summary>A scan with its tables' progress and its findings, biggest first.</summary>
public sealed record ScanReport(ScanRun Run, IReadOnlyList<ScanTable> Tables, IReadOnlyList<ScanFinding> Findings)
{
    public bool Finished => Run.FinishedAt is not null;

    public long Rows => Tables.Sum(t => t.Rows);

    public long Bytes => Tables.Sum(t => t.Bytes);

    /// <summary>The rows the tables were estimated to hold when the scan started, where the database knew.</summary>
    public long EstimatedRows => Tables.Sum(t => Math.Max(t.Rows, t.EstimatedRows ?? 0));
}
