namespace Lethe.Scanning;

/// <summary>
/// One scan of a tenant's SQL datastores for personal data the data map does not say is there. Its tables
/// (<see cref="ScanTable"/>) keep where each got to, so a stopped scan goes on from there; its findings
/// (<see cref="ScanFinding"/>) say where and how many, never what.
/// </summary>
public sealed class ScanRun : Storage.ITenantOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid TenantId { get; init; }

    public DateTime StartedAt { get; init; }

    public DateTime? FinishedAt { get; set; }

    /// <summary>Who started it: a person through the CLI, API or console.</summary>
    public string? StartedBy { get; init; }

    /// <summary>Only this datastore (<c>system.datastore</c>); every SQL datastore of the data map when null.</summary>
    public string? Datastore { get; init; }

    /// <summary>A quick look: at most this many rows per table, taken at random where the database can; every row when null.</summary>
    public int? Sample { get; init; }

    /// <summary>How many tables are read at once.</summary>
    public int Parallel { get; init; }

    public long Rows { get; set; }

    public long Bytes { get; set; }

    /// <summary>Tables (or datastores) that could not be read to the end.</summary>
    public int Errors { get; set; }
}
