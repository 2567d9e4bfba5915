namespace Lethe.Scanning;

/// <summary>
/// Where the scan of one table has got to: the checkpoint after the last batch whose findings are saved, and the totals
/// so far. A table is leased to one worker at a time; a worker that dies hands it on when its lease lapses.
/// </summary>
public sealed class ScanTable : Storage.ITenantOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid RunId { get; init; }

    public Guid TenantId { get; init; }

    /// <summary><c>system.datastore</c>.</summary>
    public required string Datastore { get; init; }

    /// <summary>The table as the database spells it; empty for a datastore that could not be read at all.</summary>
    public required string Table { get; init; }

    /// <summary>The database's own estimate of the table's rows when the scan started (PostgreSQL's statistics, SQLite's count).</summary>
    public long? EstimatedRows { get; init; }

    /// <summary>
    /// The checkpoint: on PostgreSQL the first page not yet read, on SQLite the last rowid read; null before the first
    /// batch. Never a value of the table.
    /// </summary>
    public string? Checkpoint { get; set; }

    public DateTime? LeasedUntil { get; set; }

    public long Rows { get; set; }

    /// <summary>Characters of text read (about the bytes, for mostly Latin text).</summary>
    public long Bytes { get; set; }

    public double Seconds { get; set; }

    public bool Done { get; set; }

    public string? Error { get; set; }
}
