using Lethe.Tenancy;

namespace Lethe.Tests.Tenancy;

public sealed class RolePermissionsTests
{
    private static readonly Permission[] Writes =
        [Permission.TenantEdit, Permission.TenantCreate, Permission.UsersManage, Permission.ApiKeysManage, Permission.PlatformAdminister];

    public static TheoryData<Role, Role> AllPairs()
    {
        var data = new TheoryData<Role, Role>();
        foreach (var a in Enum.GetValues<Role>())
        {
            foreach (var b in Enum.GetValues<Role>())
            {
                data.Add(a, b);
            }
        }

        return data;
    }

    [Fact]
    public void Auditors_can_read_everything_in_the_tenant_and_change_nothing()
    {
        var auditor = RolePermissions.InTenant(Role.Auditor);
        auditor.ShouldContain(Permission.AuditRead);
        auditor.ShouldContain(Permission.UsersRead);
        auditor.Intersect(Writes).ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void Nobody_but_a_platform_admin_grants_a_role_with_a_permission_they_lack(Role granter, Role granted)
    {
        if (!RolePermissions.MayGrant(granter, granted) || granter == Role.PlatformAdmin)
        {
            return;
        }

        RolePermissions.Comparable(granted).ShouldBeSubsetOf(RolePermissions.InTenant(granter));
        RolePermissions.InTenant(granter).ShouldContain(Permission.UsersManage);
    }

    [Theory]
    [InlineData(Role.PrivacyOfficer, Role.Auditor, true)]
    [InlineData(Role.PrivacyOfficer, Role.PrivacyOfficer, true)]
    [InlineData(Role.PrivacyOfficer, Role.PlatformAdmin, false)]
    // The customer's admin reads its people's requests, which a reseller may not: the tenant's privacy officer appoints it.
    [InlineData(Role.ResellerAdmin, Role.CustomerAdmin, false)]
    [InlineData(Role.PrivacyOfficer, Role.CustomerAdmin, true)]
    [InlineData(Role.ResellerAdmin, Role.PrivacyOfficer, false)] // would hand the reseller its customers' audit trail and keys
    [InlineData(Role.Agent, Role.Agent, false)]
    [InlineData(Role.Auditor, Role.Auditor, false)]
    [InlineData(Role.CustomerAdmin, Role.Agent, false)]
    [InlineData(Role.PlatformAdmin, Role.CustomerAdmin, true)]
    public void Granting_follows_the_table(Role granter, Role granted, bool allowed) =>
        RolePermissions.MayGrant(granter, granted).ShouldBe(allowed);
}
