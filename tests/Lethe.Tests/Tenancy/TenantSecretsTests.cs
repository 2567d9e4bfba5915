using Lethe.Storage;
using Lethe.Tenancy;
using Lethe.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Tests.Tenancy;

/// <summary>The tenant secret behind every keyed hash: made once, even when several workers ask for it first at once.</summary>
public sealed class TenantSecretsTests
{
    [Theory]
    [ClassData(typeof(Databases))]
    public async Task Concurrent_first_uses_all_get_the_one_secret_stored(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var tenant = await db.CreateTenantAsync();

        var keys = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            await using var scope = db.Scope();
            return await TenantSecrets.HashKeyAsync(scope.ServiceProvider.GetRequiredService<LetheDbContext>(), tenant.Id, TimeProvider.System, default);
        }));

        keys.Select(Convert.ToHexString).Distinct().Count().ShouldBe(1);
        keys[0].Length.ShouldBe(32);
        await using var check = db.Scope();
        var stored = await check.ServiceProvider.GetRequiredService<LetheDbContext>().TenantSecrets.IgnoreQueryFilters().ToListAsync();
        stored.ShouldHaveSingleItem().HashKey.ShouldBe(keys[0]);
    }

    [Fact]
    public async Task Making_the_secret_saves_nothing_else_the_caller_has_pending()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var tenant = await db.CreateTenantAsync();
        await using var scope = db.Scope();
        var context = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
        context.SuppressionEntries.Add(new Lethe.Consent.SuppressionEntry { TenantId = tenant.Id, Hash = "pending", Kind = "email", Reason = "objection" });

        await TenantSecrets.HashKeyAsync(context, tenant.Id, TimeProvider.System, default);

        await using var check = db.Scope();
        (await check.ServiceProvider.GetRequiredService<LetheDbContext>().SuppressionEntries.IgnoreQueryFilters().CountAsync()).ShouldBe(0);
    }
}
