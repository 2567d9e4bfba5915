using Lethe.Accounts;
using Lethe.Audit;
using Lethe.Common;
using Lethe.Storage;
using Lethe.Tenancy;
using Lethe.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Tests.Accounts;

public sealed class UserCommandsTests
{
    [Theory]
    [ClassData(typeof(Databases))]
    public async Task A_new_person_gets_a_working_one_time_password_they_must_change(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var tenant = await db.CreateTenantAsync();

        var granted = await db.GrantAsync("agent@flexfone.example", Role.Agent, tenant);

        await using var scope = db.Scope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<LetheUser>>();
        var user = (await users.FindByEmailAsync("agent@flexfone.example")).ShouldNotBeNull();
        user.MustChangePassword.ShouldBeTrue();
        (await users.CheckPasswordAsync(user, granted.OneTimePassword.ShouldNotBeNull())).ShouldBeTrue();
        user.PasswordHash.ShouldNotBeNull().ShouldNotContain(granted.OneTimePassword);
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task Granting_a_second_role_keeps_the_person_and_shows_no_new_password(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var a = await db.CreateTenantAsync();
        var b = await db.CreateTenantAsync();
        await db.GrantAsync("po@flexfone.example", Role.PrivacyOfficer, a);

        var second = await db.GrantAsync("po@flexfone.example", Role.Auditor, b);

        second.OneTimePassword.ShouldBeNull();
        await using var scope = db.Scope();
        var context = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
        (await context.Users.CountAsync()).ShouldBe(1);
        (await context.RoleAssignments.CountAsync()).ShouldBe(2);
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task A_privacy_officer_cannot_grant_roles_in_another_tenant_or_above_their_own(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var a = await db.CreateTenantAsync();
        var b = await db.CreateTenantAsync();
        var po = await db.GrantAsync("po@a.example", Role.PrivacyOfficer, a);
        var access = Access.ForUser([po.Assignment]);
        await using var scope = db.Scope();
        var commands = scope.ServiceProvider.GetRequiredService<UserCommands>();
        var actor = AuditActor.User(po.User.Id, po.User.Email);

        (await commands.GrantAsync(access, actor, "x@a.example", Role.Agent, a, null, CancellationToken.None)).Succeeded.ShouldBeTrue();
        (await commands.GrantAsync(access, actor, "x@b.example", Role.Agent, b, null, CancellationToken.None)).Failure.ShouldBeOfType<NotAllowed>();
        (await commands.GrantAsync(access, actor, "x@a.example", Role.PlatformAdmin, null, null, CancellationToken.None)).Failure.ShouldBeOfType<NotAllowed>();
        (await commands.GrantAsync(access, actor, "not-an-email", Role.Agent, a, null, CancellationToken.None)).Failure.ShouldBeOfType<InvalidInput>();
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task Role_changes_are_audited_without_the_persons_address(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var tenant = await db.CreateTenantAsync();
        var granted = await db.GrantAsync("agent@flexfone.example", Role.Agent, tenant);
        await using (var scope = db.Scope())
        {
            (await scope.ServiceProvider.GetRequiredService<UserCommands>().RevokeAsync(
                Access.Operator, AuditActor.System, tenant, granted.User.Id, Role.Agent, CancellationToken.None)).Succeeded.ShouldBeTrue();
        }

        await using var check = db.Scope();
        var entries = await check.ServiceProvider.GetRequiredService<LetheDbContext>().AuditEntries.IgnoreQueryFilters()
            .Where(e => e.Target == $"user:{granted.User.Id}").OrderBy(e => e.Sequence).ToListAsync();
        entries.Select(e => e.Action).ShouldBe([AuditActions.UserCreated, AuditActions.RoleGranted, AuditActions.RoleRevoked]);
        entries.ShouldAllBe(e => e.TenantId == tenant.Id);
        entries.ShouldAllBe(e => !e.Details.Contains("agent@") && !(e.Target ?? "").Contains("agent@"));
    }
}
