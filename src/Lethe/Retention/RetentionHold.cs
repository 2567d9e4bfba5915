namespace Lethe.Retention;

/// <summary>What a hold covers: the whole tenant, one collection, or one person (by their identities).</summary>
public static class HoldScope
{
    public const string Tenant = "tenant";
    public const string Collection = "collection";
    public const string Person = "person";
}

/// <summary>
/// A legal hold (litigation, an authority's order): the rows it covers are not deleted or anonymized by retention until
/// it ends or is released. Held rows are skipped and counted in every run.
/// </summary>
public sealed class RetentionHold : Storage.ITenantOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid TenantId { get; init; }

    /// <summary>One of <see cref="HoldScope"/>.</summary>
    public required string Scope { get; init; }

    /// <summary>For a collection hold: <c>system.datastore.collection</c>.</summary>
    public string? Collection { get; init; }

    /// <summary>For a person hold: JSON array of identities, as a request carries them.</summary>
    public string? IdentitiesJson { get; init; }

    public required string Reason { get; init; }

    /// <summary>The last day the hold lasts; null until released.</summary>
    public DateOnly? Until { get; init; }

    public DateTime CreatedAt { get; init; }

    public string? CreatedBy { get; init; }

    public DateTime? ReleasedAt { get; set; }
}
