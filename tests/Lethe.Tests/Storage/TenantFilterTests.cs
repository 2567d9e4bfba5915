using Lethe.Accounts;
using Lethe.Storage;
using Lethe.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Tests.Storage;

public sealed class TenantFilterTests
{
    [Theory]
    [ClassData(typeof(Databases))]
    public async Task Tenant_data_is_invisible_outside_its_tenant(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var a = await db.CreateTenantAsync("tenant-a");
        var b = await db.CreateTenantAsync("tenant-b");
        await db.IssueKeyAsync(a, "tenant:read");
        await db.IssueKeyAsync(b, "tenant:read");
        await db.IssueKeyAsync(b, "audit:read");

        await using var scope = db.Scope();
        var context = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
        scope.ServiceProvider.GetRequiredService<TenantScope>().Enter(a.Id);

        (await context.ApiKeys.Select(k => k.TenantId).ToListAsync()).ShouldBe([a.Id]);
        (await context.AuditEntries.Select(e => e.TenantId).Distinct().ToListAsync()).ShouldBe([a.Id]);
        (await context.ApiKeys.IgnoreQueryFilters().CountAsync()).ShouldBe(3, "the data is there; the filter hides it");
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task Without_a_tenant_no_tenant_data_is_visible(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var a = await db.CreateTenantAsync("tenant-a");
        await db.IssueKeyAsync(a, "tenant:read");

        await using var scope = db.Scope();
        var context = scope.ServiceProvider.GetRequiredService<LetheDbContext>();

        (await context.ApiKeys.CountAsync()).ShouldBe(0);
        (await context.AuditEntries.CountAsync()).ShouldBe(0);
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task A_pooled_context_forgets_the_tenant_of_the_unit_of_work_before(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var a = await db.CreateTenantAsync("tenant-a");
        var b = await db.CreateTenantAsync("tenant-b");
        await db.IssueKeyAsync(a, "tenant:read");
        await db.IssueKeyAsync(b, "tenant:read");

        LetheDbContext first;
        await using (var scope = db.Scope())
        {
            first = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
            scope.ServiceProvider.GetRequiredService<TenantScope>().Enter(a.Id);
            (await first.ApiKeys.Select(k => k.TenantId).ToListAsync()).ShouldBe([a.Id]);
        }

        await using (var scope = db.Scope())
        {
            var second = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
            second.ShouldBeSameAs(first, "the pool hands the same context out again");
            (await second.ApiKeys.CountAsync()).ShouldBe(0, "no tenant entered yet in this unit of work");
            scope.ServiceProvider.GetRequiredService<TenantScope>().Enter(b.Id);
            (await second.ApiKeys.Select(k => k.TenantId).ToListAsync()).ShouldBe([b.Id]);
        }

        // Taken from the pool directly, not through a unit of work: no tenant at all, not the last one's.
        await using (var scope = db.Scope())
        {
            await using var direct = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<LetheDbContext>>().CreateDbContextAsync();
            direct.ShouldBeSameAs(first);
            (await direct.ApiKeys.CountAsync()).ShouldBe(0);
        }
    }

    [Fact]
    public void A_unit_of_work_cannot_switch_tenant()
    {
        var scope = new TenantScope();
        scope.Enter(Guid.NewGuid());
        Should.Throw<InvalidOperationException>(() => scope.Enter(Guid.NewGuid()));
    }
}
