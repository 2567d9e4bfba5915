using Lethe.Audit;
using Lethe.Requests;
using Lethe.Storage;
using Lethe.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Tests.Storage;

/// <summary>The warm-up runs beside real work: it must leave nothing behind that the work could save.</summary>
public sealed class ModelWarmUpTests
{
    [Theory]
    [ClassData(typeof(Databases))]
    public async Task Warming_up_tracks_nothing_and_writes_nothing(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await db.CreateTenantAsync("tenant-a");
        await using var scope = db.Scope();
        var context = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
        var audited = await context.AuditEntries.IgnoreQueryFilters().CountAsync();

        ModelWarmUp.Prepare(context, ModelWarmUp.RequestWork, CancellationToken.None);

        context.ChangeTracker.Entries().ShouldBeEmpty();
        (await context.SaveChangesAsync()).ShouldBe(0);
        (await context.Requests.IgnoreQueryFilters().CountAsync()).ShouldBe(0);
        (await context.AuditEntries.IgnoreQueryFilters().CountAsync()).ShouldBe(audited);
    }

    [Fact]
    public async Task Every_type_it_warms_is_one_of_Lethes_entities()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var scope = db.Scope();
        var context = scope.ServiceProvider.GetRequiredService<LetheDbContext>();

        ModelWarmUp.RequestWork.ShouldAllBe(t => context.Model.FindEntityType(t) != null);
        ModelWarmUp.RequestWork.ShouldContain(typeof(DataRequest));
        ModelWarmUp.RequestWork.ShouldContain(typeof(AuditEntry));
        Should.Throw<ArgumentException>(() => ModelWarmUp.Prepare(context, [typeof(string)], CancellationToken.None)).Message.ShouldContain("String");
        context.ChangeTracker.Entries().ShouldBeEmpty();
    }

    [Fact]
    public async Task A_cancelled_warm_up_stops_before_the_next_type()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var scope = db.Scope();
        var context = scope.ServiceProvider.GetRequiredService<LetheDbContext>();

        // An unknown type after the cancellation would throw if the loop went on to it.
        ModelWarmUp.Prepare(context, [typeof(string)], new CancellationToken(canceled: true));

        context.ChangeTracker.Entries().ShouldBeEmpty();
    }
}
