namespace Lethe.Tenancy;

/// <summary>
/// What one principal (a signed-in person or an API key) may do, computed from its role assignments or key scopes.
/// Built once per HTTP request or CLI command; every authorization decision in Lethe goes through it.
/// </summary>
public sealed class Access
{
    private readonly IReadOnlyList<RoleAssignment> _assignments;
    private readonly Guid? _apiKeyTenant;
    private readonly IReadOnlySet<Permission> _apiKeyPermissions;

    private Access(IReadOnlyList<RoleAssignment> assignments, Guid? apiKeyTenant, IReadOnlySet<Permission> apiKeyPermissions)
    {
        _assignments = assignments;
        _apiKeyTenant = apiKeyTenant;
        _apiKeyPermissions = apiKeyPermissions;
    }

    public static Access None { get; } = new([], null, new HashSet<Permission>());

    /// <summary>Whoever runs the CLI on the server: they own the database, so they act as a platform admin.</summary>
    public static Access Operator { get; } = new([new RoleAssignment { UserId = "operator", Role = Role.PlatformAdmin }], null, new HashSet<Permission>());

    public static Access ForUser(IEnumerable<RoleAssignment> assignments) => new(assignments.ToList(), null, new HashSet<Permission>());

    public static Access ForApiKey(Guid tenantId, IEnumerable<ApiKeyScope> scopes) =>
        new([], tenantId, scopes.SelectMany(ApiKeyScopes.Grants).ToHashSet());

    public bool IsPlatformAdmin => _assignments.Any(a => a.Role == Role.PlatformAdmin);

    public IReadOnlyList<RoleAssignment> Assignments => _assignments;

    /// <summary>Resellers whose tenants this principal administers.</summary>
    public IEnumerable<Guid> ResellerIds =>
        _assignments.Where(a => a.Role == Role.ResellerAdmin && a.ResellerId is not null).Select(a => a.ResellerId!.Value).Distinct();

    /// <summary>Tenants this principal holds a tenant role or key in (not those reached through a reseller).</summary>
    public IEnumerable<Guid> DirectTenantIds =>
        _apiKeyTenant is { } keyTenant
            ? [keyTenant]
            : _assignments.Where(a => a.TenantId is not null).Select(a => a.TenantId!.Value).Distinct();

    /// <summary>A permission that does not concern one tenant (the console itself, creating tenants, the platform).</summary>
    public bool Has(Permission permission) => permission switch
    {
        _ when IsPlatformAdmin => true,
        Permission.ConsoleAccess => _assignments.Count > 0,
        Permission.TenantCreate => ResellerIds.Any(),
        _ => false,
    };

    /// <summary>A permission inside one tenant; <paramref name="tenantResellerId"/> is the reseller that owns it, if any.</summary>
    public bool Has(Permission permission, Guid tenantId, Guid? tenantResellerId) =>
        RolesIn(tenantId, tenantResellerId).Any(role => RolePermissions.InTenant(role).Contains(permission))
        || (_apiKeyTenant == tenantId && _apiKeyPermissions.Contains(permission));

    /// <summary>The roles this principal holds that reach the tenant, directly or through its reseller or the platform.</summary>
    public IEnumerable<Role> RolesIn(Guid tenantId, Guid? tenantResellerId) =>
        _assignments
            .Where(a => a.Role == Role.PlatformAdmin
                        || a.TenantId == tenantId
                        || (a.Role == Role.ResellerAdmin && tenantResellerId is not null && a.ResellerId == tenantResellerId))
            .Select(a => a.Role)
            .Distinct();

    /// <summary>Whether this principal may hand <paramref name="role"/> to someone in the tenant.</summary>
    public bool MayGrant(Role role, Guid tenantId, Guid? tenantResellerId) =>
        RolesIn(tenantId, tenantResellerId).Any(held => RolePermissions.MayGrant(held, role));
}
