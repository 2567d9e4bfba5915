namespace Lethe.Retention;

/// <summary>
/// One pass of a tenant's retention rules. Its cutoffs are computed for <see cref="Day"/>, so a run resumed after a crash
/// the next morning still works to the same dates; <see cref="RetentionProgress"/> keeps where each rule stopped.
/// </summary>
public sealed class RetentionRun : Storage.ITenantOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid TenantId { get; init; }

    /// <summary>The tenant while the run is unfinished, null after: a unique index lets a tenant have one open run only, so two servers that start one at once end up sharing it.</summary>
    public Guid? OpenFor { get; set; }

    public DateOnly Day { get; init; }

    public DateTime StartedAt { get; init; }

    public DateTime? FinishedAt { get; set; }

    /// <summary>Who started it: the schedule, or a person through the CLI, API or console.</summary>
    public string? StartedBy { get; init; }

    public long Deleted { get; set; }

    public long Anonymized { get; set; }

    public long Held { get; set; }

    public int Errors { get; set; }
}

/// <summary>Where one rule of a run has got to: the last key done, and the totals so far. Saved after every batch.</summary>
public sealed class RetentionProgress : Storage.ITenantOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid RunId { get; init; }

    public Guid TenantId { get; init; }

    public required string Rule { get; init; }

    /// <summary><c>system.datastore.collection</c>.</summary>
    public required string Collection { get; init; }

    /// <summary><c>delete</c> or <c>anonymize</c>.</summary>
    public required string Action { get; init; }

    /// <summary>Rows anchored before this day are due in this run.</summary>
    public DateOnly Cutoff { get; init; }

    /// <summary>JSON of the last key handled (a number or text); null before the first batch.</summary>
    public string? LastKey { get; set; }

    /// <summary>On PostgreSQL, batches go through the table's pages in order: the first page not yet done.</summary>
    public long? NextPage { get; set; }

    /// <summary>A batch written here just before its datastore commits (<see cref="PendingBatch"/>), settled on resume.</summary>
    public string? Pending { get; set; }

    /// <summary>A worker holds the rule until then, renewed after every batch; another continues it only after.</summary>
    public DateTime? LeasedUntil { get; set; }

    public long Deleted { get; set; }

    public long Anonymized { get; set; }

    public long Held { get; set; }

    /// <summary>Rows due that other rows still reference, so they cannot be deleted yet.</summary>
    public long Referenced { get; set; }

    public long Files { get; set; }

    public int Batches { get; set; }

    public double Seconds { get; set; }

    public bool Done { get; set; }

    public string? Error { get; set; }
}
