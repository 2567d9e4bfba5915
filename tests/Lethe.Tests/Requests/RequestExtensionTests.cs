using System.Globalization;
using Lethe.Audit;
using Lethe.Common;
using Lethe.Execution;
using Lethe.Requests;
using Lethe.Storage;
using Lethe.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Tests.Requests;

public sealed class RequestExtensionTests
{
    private static async Task<(RequestFixture F, Guid Id)> RequestOnAsync(DatabaseProvider provider, string receivedAt)
    {
        var f = await RequestFixture.CreateAsync(provider, "flexfone", "pbx", "FLEXFONE_PBX_DB", people: 3);
        f.Clock.SetUtcNow(DateTimeOffset.Parse(receivedAt, CultureInfo.InvariantCulture));
        var employee = (await f.Store.QueryAsync("SELECT extension, full_name FROM employees ORDER BY id")).First();
        var request = await f.CreateAsync(RequestType.Access, new Identity("extension", (string)employee[0]!), new Identity("full_name", (string)employee[1]!));
        return (f, request.Request.Id);
    }

    private static async Task<Outcome<DataRequest>> ExtendAsync(RequestFixture f, Guid id, int months, string? reason)
    {
        await using var scope = f.Db.Scope();
        return await scope.ServiceProvider.GetRequiredService<RequestExtension>().ExtendAsync(f.Tenant, AuditActor.System, id, months, reason, default);
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task A_deadline_is_extended_once_by_up_to_two_months_from_receipt_with_a_reason(DatabaseProvider provider)
    {
        var (f, id) = await RequestOnAsync(provider, "2026-01-31T10:00:00Z");
        f.Clock.SetUtcNow(DateTimeOffset.Parse("2026-02-20T10:00:00Z", CultureInfo.InvariantCulture));

        var extended = await ExtendAsync(f, id, 2, "  Many requests from the same person, over ten years of call recordings.  ");

        extended.Succeeded.ShouldBeTrue(extended.Failure?.Detail);
        (await f.FindAsync(id)).Request.ShouldSatisfyAllConditions(
            r => r.DueOn.ShouldBe(new DateOnly(2026, 4, 30)),
            r => r.ExtendedMonths.ShouldBe(2),
            r => r.ExtensionReason.ShouldBe("Many requests from the same person, over ten years of call recordings."));
        var again = await ExtendAsync(f, id, 1, "Once more");
        again.Failure.ShouldBeOfType<Conflict>().Detail.ShouldContain("one extension");
        await using var scope = f.Db.Scope();
        var entry = await scope.ServiceProvider.GetRequiredService<LetheDbContext>().AuditEntries.IgnoreQueryFilters().SingleAsync(a => a.Action == AuditActions.RequestExtended);
        entry.Details.ShouldContain("2026-04-30");
        entry.Details.ShouldNotContain("call recordings");
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task An_extension_sent_twice_from_one_read_is_refused_the_second_time(DatabaseProvider provider)
    {
        var (f, id) = await RequestOnAsync(provider, "2026-01-31T10:00:00Z");
        f.Clock.SetUtcNow(DateTimeOffset.Parse("2026-02-20T10:00:00Z", CultureInfo.InvariantCulture));
        // The second form's unit of work read the request before the first extension was saved (a double click).
        await using var second = f.Db.Scope();
        second.ServiceProvider.GetRequiredService<TenantScope>().Enter(f.Tenant.Id);
        (await second.ServiceProvider.GetRequiredService<LetheDbContext>().Requests.SingleAsync(r => r.Id == id)).ExtendedMonths.ShouldBeNull();

        (await ExtendAsync(f, id, 2, "Many requests from the same person.")).Succeeded.ShouldBeTrue();
        await Should.ThrowAsync<DbUpdateConcurrencyException>(() => second.ServiceProvider.GetRequiredService<RequestExtension>()
            .ExtendAsync(f.Tenant, AuditActor.System, id, 1, "Many requests from the same person.", default));

        (await f.FindAsync(id)).Request.ShouldSatisfyAllConditions(
            r => r.ExtendedMonths.ShouldBe(2),
            r => r.DueOn.ShouldBe(new DateOnly(2026, 4, 30)));
        await using var scope = f.Db.Scope();
        var db = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
        // The second save was refused whole: its audit entry and its letter (in the same unit of work) with it.
        (await db.AuditEntries.IgnoreQueryFilters().CountAsync(a => a.Action == AuditActions.RequestExtended)).ShouldBe(1);
    }

    [Theory]
    [InlineData(0, "Complex", "months")]
    [InlineData(3, "Complex", "months")]
    [InlineData(1, "", "reason")]
    [InlineData(1, null, "reason")]
    [InlineData(1, "The card 4111 1111 1111 1111 on file was declined, so we need more time.", "reason")]
    [InlineData(2, "Waiting for the CPR register: 070761-4285.", "reason")]
    public async Task An_extension_that_breaks_a_rule_names_the_field_and_changes_nothing(int months, string? reason, string field)
    {
        var (f, id) = await RequestOnAsync(DatabaseProvider.Sqlite, "2026-01-10T10:00:00Z");

        var refused = await ExtendAsync(f, id, months, reason);

        refused.Failure.ShouldBeOfType<InvalidInput>().Errors.Keys.ShouldContain(field);
        (await f.FindAsync(id)).Request.ShouldSatisfyAllConditions(r => r.DueOn.ShouldBe(new DateOnly(2026, 2, 10)), r => r.ExtendedMonths.ShouldBeNull());
    }

    [Fact]
    public async Task An_extension_after_the_first_month_is_refused_because_the_person_had_to_be_told_within_it()
    {
        var (f, id) = await RequestOnAsync(DatabaseProvider.Sqlite, "2026-01-10T10:00:00Z");
        // 23:30 UTC on 10 February is already 11 February in Denmark: the first month is over.
        f.Clock.SetUtcNow(DateTimeOffset.Parse("2026-02-10T23:30:00Z", CultureInfo.InvariantCulture));
        (await ExtendAsync(f, id, 1, "Complex")).Failure.ShouldBeOfType<Conflict>().Detail.ShouldContain("2026-02-10");
        (await f.FindAsync(id)).Request.DueOn.ShouldBe(new DateOnly(2026, 2, 10));
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task Open_requests_past_their_deadline_are_overdue_from_the_day_after_it(DatabaseProvider provider)
    {
        var (f, late) = await RequestOnAsync(provider, "2026-01-10T10:00:00Z");
        f.Clock.SetUtcNow(DateTimeOffset.Parse("2026-01-20T10:00:00Z", CultureInfo.InvariantCulture));
        var employee = (await f.Store.QueryAsync("SELECT extension, full_name FROM employees ORDER BY id")).First();
        var recent = (await f.CreateAsync(RequestType.Access, new Identity("extension", (string)employee[0]!), new Identity("full_name", (string)employee[1]!))).Request.Id;

        async Task<List<Guid>> Overdue()
        {
            await using var scope = f.Db.Scope();
            return (await scope.ServiceProvider.GetRequiredService<RequestQueries>().OverdueAsync(f.Tenant, default)).Select(r => r.Id).ToList();
        }

        // The last day of the first request is 10 February (in Denmark): not late during it, late from 11 February.
        f.Clock.SetUtcNow(DateTimeOffset.Parse("2026-02-10T22:59:00Z", CultureInfo.InvariantCulture));
        (await Overdue()).ShouldBeEmpty();
        f.Clock.SetUtcNow(DateTimeOffset.Parse("2026-02-10T23:00:00Z", CultureInfo.InvariantCulture));
        (await Overdue()).ShouldBe([late]);
        f.Clock.SetUtcNow(DateTimeOffset.Parse("2026-02-21T10:00:00Z", CultureInfo.InvariantCulture));
        (await Overdue()).ShouldBe([late, recent]);
    }
}
