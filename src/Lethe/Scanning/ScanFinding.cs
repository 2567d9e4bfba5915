namespace Lethe.Scanning;

/// <summary>
/// What a scan found in one column: how many matches of one kind at one confidence, in how many rows, and the keys of a
/// few of those rows to look at — never a value. Whether the data map describes the column, and as what, is kept as it
/// was when the scan ran, for the suggestion.
/// </summary>
public sealed class ScanFinding : Storage.ITenantOwned
{
    /// <summary>At most this many example row keys are kept per finding.</summary>
    public const int Examples = 5;

    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid RunId { get; init; }

    public Guid TenantId { get; init; }

    /// <summary><c>system.datastore</c>.</summary>
    public required string Datastore { get; init; }

    public required string Table { get; init; }

    public required string Column { get; init; }

    public DetectorKind Kind { get; init; }

    public Confidence Confidence { get; init; }

    /// <summary>Matches found (a text may hold several).</summary>
    public long Matches { get; set; }

    /// <summary>Rows with at least one match.</summary>
    public long Rows { get; set; }

    /// <summary>A JSON array of up to <see cref="Examples"/> row keys (the primary key's values, or the row's place where there is none).</summary>
    public string ExampleKeys { get; set; } = "[]";

    /// <summary>Whether the data map describes the column.</summary>
    public bool Described { get; init; }

    /// <summary>The data category the data map gives the column, if any.</summary>
    public string? Category { get; init; }
}
