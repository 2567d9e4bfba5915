using Lethe.Audit;
using Lethe.Requests;
using Lethe.Storage;
using Lethe.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Tests.Storage;

/// <summary>The warm-up runs beside real work: it must leave nothing behind that the work could save or build on.</summary>
public sealed class ModelWarmUpTests
{
    [Theory]
    [ClassData(typeof(Databases))]
    public async Task Work_after_a_warm_up_writes_only_its_own_rows_and_the_audit_chain_stays_whole(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await db.AppendAuditAsync(2);
        await using var scope = db.Scope();
        var context = scope.ServiceProvider.GetRequiredService<LetheDbContext>();

        ModelWarmUp.Prepare(context, ModelWarmUp.RequestRunEntityTypes, CancellationToken.None);
        context.ChangeTracker.Entries().ShouldBeEmpty();
        // The same context carries on: a blank audit head left tracked would become the chain's head here.
        await scope.ServiceProvider.GetRequiredService<AuditLog>().SaveChangesAsync(new AuditEvent(AuditActor.System, "test.after-warm-up"), CancellationToken.None);

        (await context.Requests.IgnoreQueryFilters().CountAsync()).ShouldBe(0);
        var entries = await context.AuditEntries.IgnoreQueryFilters().OrderBy(e => e.Sequence).ToListAsync();
        entries.Select(e => e.Sequence).ShouldBe([1L, 2, 3]);
        entries[2].PreviousHash.ShouldBe(entries[1].Hash);
        var verified = await AuditVerifier.VerifyAsync(context, null, CancellationToken.None);
        verified.IsIntact.ShouldBeTrue(verified.Problem);
    }

    [Fact]
    public async Task A_context_with_changes_is_refused_and_keeps_them()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await db.CreateTenantAsync("tenant-a");
        await using var scope = db.Scope();
        var context = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
        var tenant = await context.Tenants.SingleAsync();
        tenant.Name = "Renamed, not yet saved";

        Should.Throw<InvalidOperationException>(() => ModelWarmUp.Prepare(context, ModelWarmUp.RequestRunEntityTypes, CancellationToken.None));
        context.Entry(tenant).State.ShouldBe(EntityState.Modified);
        (await context.SaveChangesAsync()).ShouldBe(1);
    }

    [Fact]
    public async Task A_type_that_is_not_an_entity_is_refused_and_nothing_stays_tracked()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var scope = db.Scope();
        var context = scope.ServiceProvider.GetRequiredService<LetheDbContext>();

        Should.Throw<ArgumentException>(() => ModelWarmUp.Prepare(context, [typeof(DataRequest), typeof(string)], CancellationToken.None)).Message.ShouldContain("String");
        context.ChangeTracker.Entries().ShouldBeEmpty();
    }

    [Fact]
    public async Task A_cancelled_warm_up_tracks_nothing_and_reaches_no_type()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var scope = db.Scope();
        var context = scope.ServiceProvider.GetRequiredService<LetheDbContext>();

        // A type that is not an entity would throw if the loop reached it.
        ModelWarmUp.Prepare(context, [typeof(string)], new CancellationToken(canceled: true));

        context.ChangeTracker.Entries().ShouldBeEmpty();
    }
}
