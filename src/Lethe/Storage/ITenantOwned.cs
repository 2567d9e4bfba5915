namespace Lethe.Storage;

/// <summary>
/// A row that belongs to one tenant. <see cref="LetheDbContext"/> gives every entity that implements this the tenant
/// query filter, so a new tenant-owned table cannot be forgotten.
/// </summary>
public interface ITenantOwned
{
    Guid TenantId { get; }
}
