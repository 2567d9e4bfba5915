namespace Lethe.Execution;

/// <summary>
/// Rows an erasure had to keep under a legal hold, to be erased when the hold ends. Only keys are stored, never the
/// person's identities: on <see cref="Due"/> the worker reads the rows by key and applies the manifest's strategies.
/// </summary>
public sealed class DeferredErasure : Storage.ITenantOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid TenantId { get; init; }

    public Guid RequestId { get; init; }

    /// <summary><c>system.datastore</c>.</summary>
    public required string Datastore { get; init; }

    public DateOnly Due { get; init; }

    /// <summary>JSON object of collection → keys.</summary>
    public required string RowsJson { get; init; }

    public required string Rule { get; init; }

    public string? LegalReference { get; init; }

    public int Attempts { get; set; }

    public DateTime? NextAttemptAt { get; set; }

    public DateTime? LeasedUntil { get; set; }

    public string? LastError { get; set; }

    /// <summary>Set after the last attempt: the worker no longer tries by itself, and an officer decides.</summary>
    public DateTime? GaveUpAt { get; set; }

    public DateTime? CompletedAt { get; set; }

    public string? OutcomeJson { get; set; }
}
