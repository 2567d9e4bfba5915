using Lethe.Audit;
using Lethe.Common;
using Lethe.Storage;
using Lethe.Tenancy;
using Lethe.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Tests.Tenancy;

public sealed class TenantCommandsTests
{
    [Theory]
    [ClassData(typeof(Databases))]
    public async Task A_slug_is_taken_once(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await db.CreateTenantAsync("flexfone");
        await using var scope = db.Scope();

        var second = await scope.ServiceProvider.GetRequiredService<TenantCommands>()
            .CreateAsync(Access.Operator, AuditActor.System, Builders.DanishTenant("flexfone"), CancellationToken.None);

        second.Failure.ShouldBeOfType<Conflict>().Detail.ShouldContain("flexfone");
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task A_reseller_admin_creates_tenants_under_their_own_reseller_only(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        Reseller mine, theirs;
        await using (var scope = db.Scope())
        {
            var resellers = scope.ServiceProvider.GetRequiredService<ResellerCommands>();
            mine = (await resellers.CreateAsync(AuditActor.System, "Forhandler A", "a@forhandler.example", CancellationToken.None)).Value!;
            theirs = (await resellers.CreateAsync(AuditActor.System, "Forhandler B", "b@forhandler.example", CancellationToken.None)).Value!;
        }

        var admin = await db.GrantAsync("admin@forhandler.example", Role.ResellerAdmin, resellerId: mine.Id);
        var access = Access.ForUser([admin.Assignment]);
        await using var act = db.Scope();
        var tenants = act.ServiceProvider.GetRequiredService<TenantCommands>();

        var created = await tenants.CreateAsync(access, AuditActor.System, Builders.DanishTenant("kunde-1"), CancellationToken.None);
        var elsewhere = await tenants.CreateAsync(access, AuditActor.System, Builders.DanishTenant("kunde-2") with { ResellerId = theirs.Id }, CancellationToken.None);

        created.Value.ShouldNotBeNull().ResellerId.ShouldBe(mine.Id);
        elsewhere.Failure.ShouldBeOfType<InvalidInput>().Errors.Keys.ShouldBe(["resellerId"]);
        (await tenants.Visible(access).Select(t => t.Slug).ToListAsync()).ShouldBe(["kunde-1"]);
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task An_edit_is_audited_with_the_fields_changed_but_not_their_values(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var tenant = await db.CreateTenantAsync("flexfone");
        await using (var scope = db.Scope())
        {
            var tenants = scope.ServiceProvider.GetRequiredService<TenantCommands>();
            var loaded = (await tenants.FindAsync("flexfone", CancellationToken.None))!;
            var updated = await tenants.UpdateAsync(loaded, AuditActor.System,
                Builders.DanishTenant() with { Address = "Søndergade 9, 8000 Aarhus C" }, CancellationToken.None);
            updated.Succeeded.ShouldBeTrue();
        }

        await using var check = db.Scope();
        var context = check.ServiceProvider.GetRequiredService<LetheDbContext>();
        (await context.Tenants.SingleAsync()).Address.ShouldBe("Søndergade 9, 8000 Aarhus C");
        var entry = await context.AuditEntries.IgnoreQueryFilters().Where(e => e.Action == AuditActions.TenantUpdated).SingleAsync();
        entry.TenantId.ShouldBe(tenant.Id);
        entry.Details.ShouldContain("Address");
        entry.Details.ShouldNotContain("Søndergade");
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task An_edit_that_changes_nothing_writes_nothing(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await db.CreateTenantAsync("flexfone");
        await using var scope = db.Scope();
        var tenants = scope.ServiceProvider.GetRequiredService<TenantCommands>();
        var context = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
        var before = await context.AuditEntries.IgnoreQueryFilters().CountAsync();

        var loaded = (await tenants.FindAsync("flexfone", CancellationToken.None))!;
        (await tenants.UpdateAsync(loaded, AuditActor.System, Builders.DanishTenant(), CancellationToken.None)).Succeeded.ShouldBeTrue();

        (await context.AuditEntries.IgnoreQueryFilters().CountAsync()).ShouldBe(before);
    }
}
