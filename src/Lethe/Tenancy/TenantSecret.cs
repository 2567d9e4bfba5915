namespace Lethe.Tenancy;

/// <summary>
/// A tenant's secret for keyed hashes (erasure strategy <c>hash</c>): random, made once, never shown. The same value
/// hashes the same way in every run, so pseudonymised rows still join; without the key the hash cannot be reversed by
/// trying likely e-mail addresses.
/// </summary>
public sealed class TenantSecret : Storage.ITenantOwned
{
    public Guid TenantId { get; init; }

    public required byte[] HashKey { get; init; }

    public DateTime CreatedAt { get; init; }
}
