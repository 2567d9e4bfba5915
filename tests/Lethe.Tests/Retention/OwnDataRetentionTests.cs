using System.Globalization;
using Lethe.Audit;
using Lethe.Common;
using Lethe.Consent;
using Lethe.Execution;
using Lethe.Requests;
using Lethe.Storage;
using Lethe.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Tests.Retention;

/// <summary>What Lethe keeps about people for requests is itself kept only as long as it is needed.</summary>
public sealed class OwnDataRetentionTests
{
    [Theory]
    [ClassData(typeof(Databases))]
    public async Task Unconfirmed_requests_go_after_30_days_and_closed_ones_after_3_years_with_everything_kept_for_them_but_the_suppression_list_stays(DatabaseProvider provider)
    {
        var f = await RetentionFixture.CreateAsync(provider, "flex4business", "billing", "FLEX4B_BILLING_DB", people: 5);
        var r = f.Requests;
        var email = (string)(await f.Store.QueryAsync("SELECT email FROM customers ORDER BY id")).First()[0]!;
        r.Clock.SetUtcNow(DateTimeOffset.Parse("2026-01-05T10:00:00Z", CultureInfo.InvariantCulture));
        Guid unconfirmed, objection;
        await using (var scope = r.Db.Scope())
        {
            unconfirmed = (await scope.ServiceProvider.GetRequiredService<SelfServiceRequests>().FileAsync(r.Tenant, [RequestType.Access.ToWire()], "someone@example.dk", [], "da", null, default)).Value![0];
        }

        objection = (await r.CreateAsync(RequestType.Objection, new Identity("email", email))).Request.Id;
        await using (var scope = r.Db.Scope())
        {
            (await scope.ServiceProvider.GetRequiredService<ConsentLog>().RecordAsync(r.Tenant, AuditActor.System,
                [new ConsentInput("browser", "a-visitors-browser-id", "given", ["statistics"], "banner")], default)).Succeeded.ShouldBeTrue();
        }

        await Mailbox.DeliverAndReadAsync(r.Db, email);

        f.SetToday(new DateOnly(2026, 2, 3));
        await f.RunAsync();
        (await ExistsAsync(r, unconfirmed)).ShouldBeTrue();
        f.SetToday(new DateOnly(2026, 2, 5));
        await f.RunAsync();
        (await ExistsAsync(r, unconfirmed)).ShouldBeFalse();
        (await ExistsAsync(r, objection)).ShouldBeTrue();
        await using (var scope = r.Db.Scope())
        {
            (await scope.ServiceProvider.GetRequiredService<LetheDbContext>().ConsentEvents.IgnoreQueryFilters().CountAsync()).ShouldBe(1);
        }

        f.SetToday(new DateOnly(2029, 1, 6));
        var report = await f.RunAsync();
        report.Rules.Select(x => x.Rule).ShouldContain("lethe:unconfirmed-requests");
        report.Rules.Select(x => x.Rule).ShouldContain("lethe:browser-consents");
        (await ExistsAsync(r, objection)).ShouldBeFalse();
        await using var check = r.Db.Scope();
        var db = check.ServiceProvider.GetRequiredService<LetheDbContext>();
        (await db.RequestTokens.IgnoreQueryFilters().CountAsync()).ShouldBe(0);
        (await db.OutboxMessages.IgnoreQueryFilters().CountAsync()).ShouldBe(0);
        (await db.RequestStatusEvents.IgnoreQueryFilters().CountAsync()).ShouldBe(0);
        (await db.ConsentEvents.IgnoreQueryFilters().CountAsync()).ShouldBe(0);
        // The person objected to marketing: only the keyed hash of the address remains, and it still works.
        (await check.ServiceProvider.GetRequiredService<SuppressionList>().ContainsAsync(r.Tenant, "email", email, default)).ShouldBeTrue();
    }

    private static async Task<bool> ExistsAsync(RequestFixture f, Guid id)
    {
        await using var scope = f.Db.Scope();
        return await scope.ServiceProvider.GetRequiredService<LetheDbContext>().Requests.IgnoreQueryFilters().AnyAsync(x => x.Id == id);
    }
}
