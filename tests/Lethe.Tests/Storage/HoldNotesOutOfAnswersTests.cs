using Lethe.DataMap;
using Lethe.Requests;
using Lethe.Requests.Answers;
using Lethe.Storage;
using Lethe.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Tests.Storage;

/// <summary>
/// Answer packages made while an erasure waited for a legal hold quoted the hold's note; the migration takes exactly
/// those back (so the worker makes them again without it) and leaves every other package alone.
/// </summary>
public sealed class HoldNotesOutOfAnswersTests
{
    private const string Before = "20261218000000_ApiKeyShownOnce";

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task Packages_of_requests_that_waited_for_a_hold_are_taken_back_and_no_others(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, migrate: false);
        if (provider == DatabaseProvider.Sqlite)
        {
            Directory.CreateDirectory(database.Settings.DataDirectory);
        }

        await using (var scope = database.Scope())
        {
            await scope.ServiceProvider.GetRequiredService<LetheDbContext>().GetService<IMigrator>().MigrateAsync(Before);
        }

        var tenant = await database.CreateTenantAsync("held");
        var now = DateTime.UtcNow;
        var held = new DataRequest { TenantId = tenant.Id, Type = RequestType.Erasure, IdentitiesJson = "[]", CreatedAt = now };
        var erased = new DataRequest { TenantId = tenant.Id, Type = RequestType.Erasure, IdentitiesJson = "[]", CreatedAt = now };
        var expired = new DataRequest { TenantId = tenant.Id, Type = RequestType.Erasure, IdentitiesJson = "[]", CreatedAt = now };
        await using (var scope = database.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
            db.Requests.AddRange(held, erased, expired);
            db.RequestSteps.AddRange(
                Step(tenant.Id, held.Id, """{"kept":[{"collection":"customers","rows":0,"reason":"Dispute with customer K10004","reasonId":"legal_hold_collection"}]}"""),
                Step(tenant.Id, held.Id, """{"changed":[]}"""),
                Step(tenant.Id, erased.Id, """{"kept":[{"collection":"invoices","rows":2,"reason":"Bookkeeping Act","reasonId":"retention_rule_with_law"}]}"""),
                Step(tenant.Id, expired.Id, """{"kept":[{"collection":"customers","rows":0,"reason":"Dispute","reasonId":"legal_hold_person"}]}"""));
            db.StoredAnswers.AddRange(Package(tenant.Id, held.Id, now), Package(tenant.Id, erased.Id, now));
            var gone = Package(tenant.Id, expired.Id, now.AddDays(-20));
            gone.Key = null;
            gone.DeletedAt = now.AddDays(-6);
            db.StoredAnswers.Add(gone);
            await db.SaveChangesAsync();
        }

        await using (var scope = database.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
            await db.GetService<IMigrator>().MigrateAsync();
            var left = await db.StoredAnswers.IgnoreQueryFilters().Select(a => a.RequestId).ToListAsync();
            left.ShouldBe([erased.Id, expired.Id], ignoreOrder: true);
        }
    }

    private static RequestStep Step(Guid tenantId, Guid requestId, string outcome) =>
        new() { TenantId = tenantId, RequestId = requestId, Datastore = "crm.db", Connector = DatastoreKind.Sqlite, OutcomeJson = outcome };

    private static StoredAnswer Package(Guid tenantId, Guid requestId, DateTime at) => new()
    {
        TenantId = tenantId, RequestId = requestId, Path = $"packages/{requestId:N}.bin", Key = [1, 2, 3], Size = 3, CreatedAt = at, ExpiresAt = at.AddDays(14),
    };
}
