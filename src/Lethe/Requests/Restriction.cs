namespace Lethe.Requests;

/// <summary>A person whose data may only be stored, not otherwise processed (Art. 18), until the restriction is lifted.</summary>
public sealed class Restriction : Storage.ITenantOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid TenantId { get; init; }

    public Guid RequestId { get; init; }

    /// <summary>JSON array of the identities restricted.</summary>
    public required string IdentitiesJson { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime? LiftedAt { get; set; }
}
