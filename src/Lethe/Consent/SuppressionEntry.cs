namespace Lethe.Consent;

/// <summary>
/// Someone who must not receive direct marketing again: only a keyed hash of their normalised e-mail address or phone
/// number is kept, so the list survives erasure without keeping who the person was (the Norwegian seed's promise).
/// </summary>
public sealed class SuppressionEntry : Storage.ITenantOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid TenantId { get; init; }

    /// <summary>HMAC-SHA256 of the normalised address under the tenant's suppression key, lower-case hex.</summary>
    public required string Hash { get; init; }

    /// <summary>email or phone.</summary>
    public required string Kind { get; init; }

    /// <summary>Why: objection, withdrawal or unsubscribe.</summary>
    public required string Reason { get; init; }

    /// <summary>The request it came from, if any (kept after the request's personal data is gone).</summary>
    public Guid? RequestId { get; init; }

    public DateTime CreatedAt { get; init; }
}
