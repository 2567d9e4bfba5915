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
        var held = Erasure(tenant.Id, now);
        var heldLongAgo = Erasure(tenant.Id, now);
        var heldBeforeReasonIds = Erasure(tenant.Id, now);
        var erased = Erasure(tenant.Id, now);
        var expired = Erasure(tenant.Id, now);
        await using (var scope = database.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
            db.Requests.AddRange(held, heldLongAgo, heldBeforeReasonIds, erased, expired);
            db.RequestSteps.AddRange(
                Step(tenant.Id, held.Id, """{"kept":[{"collection":"customers","rows":0,"reason":"Dispute with customer K10004","reasonId":"legal_hold_collection"}]}"""),
                Step(tenant.Id, held.Id, """{"changed":[]}"""),
                Step(tenant.Id, heldLongAgo.Id, """{"kept":[{"collection":"customers","rows":0,"reason":"Dispute","reasonId":"legal_hold_person"}]}"""),
                Step(tenant.Id, heldBeforeReasonIds.Id, """{"kept":[{"collection":"customers","rows":0,"reason":"under a legal hold (collection): Dispute with customer K10004"}]}"""),
                Step(tenant.Id, erased.Id, """{"kept":[{"collection":"invoices","rows":2,"reason":"Bookkeeping Act","reasonId":"retention_rule_with_law"}]}"""),
                Step(tenant.Id, expired.Id, """{"kept":[{"collection":"customers","rows":0,"reason":"Dispute","reasonId":"legal_hold_person"}]}"""));
            db.StoredAnswers.AddRange(
                Package(tenant.Id, held.Id, now), Package(tenant.Id, heldBeforeReasonIds.Id, now), Package(tenant.Id, erased.Id, now),
                // Made after failed attempts, long after the request closed: the worker would not make it again.
                Package(tenant.Id, heldLongAgo.Id, now.AddDays(-3)));
            var gone = Package(tenant.Id, expired.Id, now.AddDays(-20));
            gone.Key = null;
            gone.DeletedAt = now.AddDays(-6);
            db.StoredAnswers.Add(gone);
            await db.SaveChangesAsync();
            foreach (var (request, closed) in new[] { (held, now.AddHours(-1)), (heldBeforeReasonIds, now.AddDays(-2)), (erased, now.AddHours(-1)), (heldLongAgo, now.AddDays(-20)), (expired, now.AddDays(-21)) })
            {
                // Completed when it closed, as the worker leaves a request whose steps are all done.
                await db.Requests.IgnoreQueryFilters().Where(r => r.Id == request.Id)
                    .ExecuteUpdateAsync(u => u.SetProperty(r => r.Status, RequestStatus.Completed).SetProperty(r => r.ClosedAt, closed));
            }
        }

        await using (var scope = database.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
            await db.GetService<IMigrator>().MigrateAsync();
            var left = await db.StoredAnswers.IgnoreQueryFilters().ToDictionaryAsync(a => a.RequestId);
            left.Keys.ShouldBe([erased.Id, expired.Id, heldLongAgo.Id], ignoreOrder: true);
            left[erased.Id].ExpiresAt.ShouldBeGreaterThan(DateTime.UtcNow.AddDays(13), "a package without a hold is left as it was");
            left[heldLongAgo.Id].ExpiresAt.ShouldBeLessThanOrEqualTo(DateTime.UtcNow, "one the worker would not make again expires now");
            left[expired.Id].DeletedAt.ShouldNotBeNull();
        }

        // The worker makes again exactly the packages taken back (those it can: their requests completed).
        await using (var scope = database.Scope())
        {
            var due = await scope.ServiceProvider.GetRequiredService<AnswerPackages>().DueAsync(default);
            due.ShouldBe([heldBeforeReasonIds.Id, held.Id], ignoreOrder: true);
        }
    }

    private static DataRequest Erasure(Guid tenantId, DateTime at) =>
        new() { TenantId = tenantId, Type = RequestType.Erasure, IdentitiesJson = "[]", CreatedAt = at };

    private static RequestStep Step(Guid tenantId, Guid requestId, string outcome) =>
        new() { TenantId = tenantId, RequestId = requestId, Datastore = "crm.db", Connector = DatastoreKind.Sqlite, OutcomeJson = outcome };

    private static StoredAnswer Package(Guid tenantId, Guid requestId, DateTime at) => new()
    {
        TenantId = tenantId, RequestId = requestId, Path = $"packages/{requestId:N}.bin", Key = [1, 2, 3], Size = 3, CreatedAt = at, ExpiresAt = at.AddDays(14),
    };
}
