namespace Lethe.Tenancy;

/// <summary>The one table of which role grants which permission inside a tenant it holds.</summary>
public static class RolePermissions
{
    private static readonly Permission[] PrivacyOfficer =
    [
        Permission.ConsoleAccess, Permission.TenantRead, Permission.TenantEdit, Permission.UsersRead,
        Permission.UsersManage, Permission.ApiKeysRead, Permission.ApiKeysManage, Permission.AuditRead,
        Permission.DataMapRead, Permission.DataMapEdit, Permission.RequestsRead, Permission.RequestsManage,
        Permission.RetentionRead, Permission.RetentionManage, Permission.ConsentRead, Permission.ConsentWrite, Permission.SuppressionCheck,
        Permission.ScanRead, Permission.ScanManage,
        Permission.BreachesRead, Permission.BreachesManage,
        Permission.ProcessorsRead, Permission.ProcessorsManage, Permission.ProcessorNoticesRead,
        Permission.ReviewRead, Permission.ReviewManage,
    ];

    // Agents answer requests, so they need to see where data lives.
    private static readonly Permission[] Agent =
        [Permission.ConsoleAccess, Permission.TenantRead, Permission.DataMapRead, Permission.RequestsRead, Permission.RequestsManage, Permission.ConsentRead];

    // Read-only by definition: nothing that changes state.
    private static readonly Permission[] Auditor =
    [
        Permission.ConsoleAccess, Permission.TenantRead, Permission.UsersRead, Permission.ApiKeysRead, Permission.AuditRead,
        Permission.DataMapRead, Permission.RequestsRead, Permission.RetentionRead, Permission.ConsentRead, Permission.ScanRead,
        Permission.BreachesRead,
        Permission.ProcessorsRead, Permission.ProcessorNoticesRead,
        Permission.ReviewRead,
    ];

    // The controller of a customer served as processor: sees its people's requests and approves them before they run.
    private static readonly Permission[] CustomerAdmin =
    [
        Permission.ConsoleAccess, Permission.TenantRead, Permission.UsersRead, Permission.DataMapRead, Permission.RequestsRead,
        Permission.RequestsApproveAsController,
        Permission.ProcessorNoticesRead, Permission.SubProcessorsObject,
    ];

    // A reseller administers its customers' tenants but does not read their audit trail or hold their keys.
    private static readonly Permission[] ResellerAdmin =
    [
        Permission.ConsoleAccess, Permission.TenantRead, Permission.TenantEdit, Permission.UsersRead, Permission.UsersManage,
        Permission.DataMapRead,
    ];

    /// <summary>The permissions <paramref name="role"/> grants within a tenant it reaches.</summary>
    public static IReadOnlyList<Permission> InTenant(Role role) => role switch
    {
        Role.PlatformAdmin => Enum.GetValues<Permission>(),
        Role.PrivacyOfficer => PrivacyOfficer,
        Role.Agent => Agent,
        Role.Auditor => Auditor,
        Role.CustomerAdmin => CustomerAdmin,
        Role.ResellerAdmin => ResellerAdmin,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Unknown role."),
    };

    /// <summary>
    /// Whether a holder of <paramref name="granter"/> may hand out <paramref name="granted"/> inside a tenant: only tenant
    /// roles, only by a role that manages people, and never one that grants a permission the granter lacks.
    /// </summary>
    public static bool MayGrant(Role granter, Role granted) =>
        IsTenantRole(granted)
        && (granter == Role.PlatformAdmin
            || (InTenant(granter).Contains(Permission.UsersManage) && Comparable(granted).All(InTenant(granter).Contains)));

    /// <summary>
    /// The permissions compared when granting. Approving as the controller is the controller's by nature: the processor
    /// appoints the customer's admin who holds it, and never holds it itself.
    /// </summary>
    public static IEnumerable<Permission> Comparable(Role role) =>
        InTenant(role).Where(p => p is not Permission.RequestsApproveAsController and not Permission.SubProcessorsObject);

    /// <summary>Whether the role is held over a tenant (as opposed to the platform or a reseller).</summary>
    public static bool IsTenantRole(Role role) => role is Role.PrivacyOfficer or Role.Agent or Role.Auditor or Role.CustomerAdmin;
}
