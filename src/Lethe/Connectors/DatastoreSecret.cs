namespace Lethe.Connectors;

/// <summary>
/// A value a tenant keeps in Lethe for its datastores (a connection string, a webhook URL or signing secret), named in
/// the data map as <c>secret:NAME</c>. Stored only encrypted with the key ring; no API, page or command shows it again.
/// </summary>
public sealed class DatastoreSecret : Storage.ITenantOwned
{
    public Guid TenantId { get; init; }

    public required string Name { get; init; }

    /// <summary>The value, protected with the data-protection key ring under a purpose bound to the tenant.</summary>
    public required string Protected { get; set; }

    public DateTime CreatedAt { get; init; }

    public DateTime UpdatedAt { get; set; }

    public required string UpdatedBy { get; set; }
}
