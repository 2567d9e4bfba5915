namespace Lethe.Audit;

/// <summary>
/// One link of the append-only, hash-chained audit log. <see cref="Hash"/> is SHA-256 over the canonical form of
/// every other field and <see cref="PreviousHash"/>, so changing, removing or reordering any entry breaks the chain.
/// </summary>
public sealed class AuditEntry
{
    /// <summary>1, 2, 3, … without gaps: a gap is a removed entry.</summary>
    public long Sequence { get; init; }

    /// <summary>UTC, truncated to whole microseconds so both databases store exactly what was hashed.</summary>
    public DateTime OccurredAt { get; init; }

    public required string ActorKind { get; init; }

    public string? ActorId { get; init; }

    public string? ActorName { get; init; }

    public Guid? TenantId { get; init; }

    public required string Action { get; init; }

    public string? Target { get; init; }

    /// <summary>A flat JSON object of identifiers and counts; never personal data values.</summary>
    public required string Details { get; init; }

    public required string PreviousHash { get; init; }

    public required string Hash { get; init; }
}
