using Lethe.Tenancy;

namespace Lethe.Tests.Tenancy;

public sealed class AccessTests
{
    private static readonly Guid TenantA = Guid.NewGuid();
    private static readonly Guid TenantB = Guid.NewGuid();
    private static readonly Guid Reseller = Guid.NewGuid();

    private static RoleAssignment Holds(Role role, Guid? tenant = null, Guid? reseller = null) =>
        new() { UserId = "u", Role = role, TenantId = tenant, ResellerId = reseller };

    [Fact]
    public void A_tenant_role_reaches_only_its_own_tenant()
    {
        var access = Access.ForUser([Holds(Role.PrivacyOfficer, TenantA)]);
        access.Has(Permission.AuditRead, TenantA, null).ShouldBeTrue();
        access.Has(Permission.TenantRead, TenantB, null).ShouldBeFalse();
        access.Has(Permission.TenantCreate).ShouldBeFalse();
        access.Has(Permission.ConsoleAccess).ShouldBeTrue();
    }

    [Fact]
    public void A_reseller_admin_reaches_the_resellers_tenants_and_no_others()
    {
        var access = Access.ForUser([Holds(Role.ResellerAdmin, reseller: Reseller)]);
        access.Has(Permission.TenantEdit, TenantA, Reseller).ShouldBeTrue();
        access.Has(Permission.AuditRead, TenantA, Reseller).ShouldBeFalse();
        access.Has(Permission.TenantRead, TenantB, Guid.NewGuid()).ShouldBeFalse();
        access.Has(Permission.TenantRead, TenantB, null).ShouldBeFalse();
        access.Has(Permission.TenantCreate).ShouldBeTrue();
    }

    [Fact]
    public void An_api_key_has_its_scopes_in_its_tenant_only()
    {
        var access = Access.ForApiKey(TenantA, [ApiKeyScope.AuditRead]);
        access.Has(Permission.AuditRead, TenantA, null).ShouldBeTrue();
        access.Has(Permission.TenantRead, TenantA, null).ShouldBeFalse();
        access.Has(Permission.AuditRead, TenantB, null).ShouldBeFalse();
        access.Has(Permission.ConsoleAccess).ShouldBeFalse();
        access.Has(Permission.UsersManage, TenantA, null).ShouldBeFalse();
    }

    [Fact]
    public void No_scope_lets_a_key_manage_people_or_keys()
    {
        var everything = Access.ForApiKey(TenantA, Enum.GetValues<ApiKeyScope>());
        everything.Has(Permission.UsersManage, TenantA, null).ShouldBeFalse();
        everything.Has(Permission.ApiKeysManage, TenantA, null).ShouldBeFalse();
        everything.Has(Permission.ApiKeysRead, TenantA, null).ShouldBeFalse();
    }

    [Fact]
    public void A_platform_admin_reaches_every_tenant()
    {
        var access = Access.ForUser([Holds(Role.PlatformAdmin)]);
        foreach (var permission in Enum.GetValues<Permission>())
        {
            access.Has(permission, Guid.NewGuid(), null).ShouldBeTrue();
            access.Has(permission).ShouldBeTrue();
        }
    }

    [Fact]
    public void Nobody_has_anything()
    {
        foreach (var permission in Enum.GetValues<Permission>())
        {
            Access.None.Has(permission).ShouldBeFalse();
            Access.None.Has(permission, TenantA, null).ShouldBeFalse();
        }
    }
}
