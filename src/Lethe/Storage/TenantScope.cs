namespace Lethe.Storage;

/// <summary>
/// The tenant the current unit of work acts in. The database's global query filters read it, so tenant data of
/// any other tenant is invisible unless a query opts out by name with <c>IgnoreQueryFilters</c>.
/// </summary>
public sealed class TenantScope
{
    public Guid? TenantId { get; private set; }

    public void Enter(Guid tenantId)
    {
        if (TenantId is { } current && current != tenantId)
        {
            throw new InvalidOperationException("A unit of work acts in one tenant; it cannot switch to another.");
        }

        TenantId = tenantId;
    }
}
