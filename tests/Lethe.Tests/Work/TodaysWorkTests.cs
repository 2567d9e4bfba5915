using Lethe.Audit;
using Lethe.DataMap;
using Lethe.Notices;
using Lethe.Requests;
using Lethe.Retention;
using Lethe.Storage;
using Lethe.Tests.Support;
using Lethe.Work;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Tests.Work;

/// <summary>The overview's counts: what an officer has to do today in one tenant, the most urgent first, and nothing of another tenant's.</summary>
public sealed class TodaysWorkTests
{
    [Theory]
    [ClassData(typeof(Databases))]
    public async Task Open_requests_are_counted_and_listed_overdue_first_with_the_days_left_and_tasks_and_failures_beside(DatabaseProvider provider)
    {
        var f = await RequestFixture.CreateAsync(provider, "small-business", "erp", "ERP_DATABASE", people: 3);
        var other = await f.Db.CreateTenantAsync("other-company");
        var now = f.Clock.GetUtcNow();
        var today = Deadline.ReceivedOn(now, f.Tenant.Country);
        var overdue = Request(f.Tenant.Id, now.UtcDateTime.AddDays(-40), today.AddDays(-3));
        var dueToday = Request(f.Tenant.Id, now.UtcDateTime.AddDays(-30), today);
        var later = Request(f.Tenant.Id, now.UtcDateTime.AddDays(-1), today.AddDays(5));
        var noDeadline = Request(f.Tenant.Id, now.UtcDateTime.AddDays(-2), null);
        var closed = Request(f.Tenant.Id, now.UtcDateTime.AddDays(-50), today.AddDays(-20));
        closed.Withdraw(now.UtcDateTime).ShouldBeNull();
        var elsewhere = Request(other.Id, now.UtcDateTime.AddDays(-40), today.AddDays(-9));
        await using (var scope = f.Db.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
            db.Requests.AddRange(overdue, dueToday, later, noDeadline, closed, elsewhere);
            db.RequestSteps.AddRange(
                new RequestStep { TenantId = f.Tenant.Id, RequestId = later.Id, Datastore = "paper_archive.binders", Connector = DatastoreKind.Manual, Assignee = "Office manager" }.Moved(s => s.Wait()),
                new RequestStep { TenantId = f.Tenant.Id, RequestId = dueToday.Id, Datastore = "erp.db", Connector = DatastoreKind.Sqlite, Attempts = 1 }.Moved(s => s.Fail("timeout", now.UtcDateTime.AddMinutes(15))),
                new RequestStep { TenantId = f.Tenant.Id, RequestId = overdue.Id, Datastore = "erp.db", Connector = DatastoreKind.Sqlite, Attempts = 8 }.Moved(s => s.GiveUp("timeout")),
                new RequestStep { TenantId = other.Id, RequestId = elsewhere.Id, Datastore = "paper_archive.binders", Connector = DatastoreKind.Manual }.Moved(s => s.Wait()),
                new RequestStep { TenantId = other.Id, RequestId = elsewhere.Id, Datastore = "erp.db", Connector = DatastoreKind.Sqlite, Attempts = 2 }.Moved(s => s.Fail("timeout", now.UtcDateTime.AddMinutes(15))));
            await db.SaveChangesAsync();
        }

        var work = await TodayAsync(f, TodayParts.All);

        work.Today.ShouldBe(today);
        work.OpenRequests.ShouldBe(4);
        work.OverdueRequests.ShouldBe(1);
        work.Requests.Select(r => r.Id).ShouldBe([overdue.Id, dueToday.Id, later.Id, noDeadline.Id]);
        work.Requests.Select(r => r.DaysLeft).ShouldBe([-3, 0, 5, null]);
        work.Requests.Select(r => r.Overdue).ShouldBe([true, false, false, false]);
        work.ManualTasks.ShouldBe(1);
        work.Tasks.ShouldBe([new WaitingTask(later.Id, work.Tasks[0].StepId, "paper_archive.binders", "Office manager")]);
        work.FailingSteps.ShouldBe(1);
        work.Failed.Select(j => (j.Kind, j.RequestId)).ShouldBe([(JobKind.RequestStep, (Guid?)overdue.Id)]);
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task The_last_retention_run_gives_the_next_and_a_notice_never_published_or_behind_the_data_map_is_out_of_date(DatabaseProvider provider)
    {
        var f = await RequestFixture.CreateAsync(provider, "small-business", "erp", "ERP_DATABASE", people: 3);
        var before = await TodayAsync(f, TodayParts.Retention | TodayParts.Notice);
        before.LastRetention.ShouldBeNull();
        // The first run is never the schedule's (RetentionWorker): it waits for a person, so no time is promised for it.
        before.NextRetentionAt.ShouldBeNull();
        before.RetentionAwaitsFirstRun.ShouldBeTrue();
        before.Notice!.PublishedVersion.ShouldBeNull();
        before.Notice.HasDataMap.ShouldBeTrue();
        before.Notice.OutOfDate.ShouldBeTrue("a data map and no notice published");

        var started = f.Clock.GetUtcNow().UtcDateTime.AddHours(-3);
        var run = new RetentionRun { TenantId = f.Tenant.Id, Day = DateOnly.FromDateTime(started), StartedAt = started, FinishedAt = started.AddMinutes(2), StartedBy = "schedule", Deleted = 4, Anonymized = 2, Held = 1 };
        await using (var scope = f.Db.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
            db.RetentionRuns.Add(run);
            await db.SaveChangesAsync();
            (await scope.ServiceProvider.GetRequiredService<NoticeCommands>().PublishAsync(f.Tenant, AuditActor.System, default)).Succeeded.ShouldBeTrue();
        }

        var after = await TodayAsync(f, TodayParts.Retention | TodayParts.Notice);

        after.LastRetention!.Id.ShouldBe(run.Id);
        after.LastRetention.Deleted.ShouldBe(4);
        after.RetentionRunning.ShouldBeFalse();
        after.NextRetentionAt.ShouldBe(started + new RetentionOptions().Interval);
        after.RetentionAwaitsFirstRun.ShouldBeFalse();
        after.Notice!.PublishedVersion.ShouldBe(1);
        after.Notice.OutOfDate.ShouldBeFalse();
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task Parts_the_reader_may_not_see_are_not_counted(DatabaseProvider provider)
    {
        var f = await RequestFixture.CreateAsync(provider, "small-business", "erp", "ERP_DATABASE", people: 3);
        var today = Deadline.ReceivedOn(f.Clock.GetUtcNow(), f.Tenant.Country);
        await using (var scope = f.Db.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
            db.Requests.Add(Request(f.Tenant.Id, f.Clock.GetUtcNow().UtcDateTime.AddDays(-40), today.AddDays(-1)));
            await db.SaveChangesAsync();
        }

        var work = await TodayAsync(f, TodayParts.Notice);

        work.OpenRequests.ShouldBe(0);
        work.Requests.ShouldBeEmpty();
        work.LastRetention.ShouldBeNull();
        work.NextRetentionAt.ShouldBeNull();
        work.RetentionAwaitsFirstRun.ShouldBeFalse("without a data map there is nothing to run");
        work.Notice.ShouldNotBeNull();
        (await TodayAsync(f, TodayParts.Requests)).OverdueRequests.ShouldBe(1);
    }

    private static async Task<WorkToday> TodayAsync(RequestFixture f, TodayParts parts)
    {
        await using var scope = f.Db.Scope();
        return await scope.ServiceProvider.GetRequiredService<TodaysWork>().ForTenantAsync(f.Tenant, parts, default);
    }

    private static DataRequest Request(Guid tenant, DateTime createdAt, DateOnly? due) => new()
    {
        TenantId = tenant,
        Type = RequestType.Access,
        IdentitiesJson = """[{"type":"email","value":"someone@example.com"}]""",
        CreatedAt = createdAt,
        DueOn = due,
    };
}

file static class StepMoves
{
    /// <summary>Puts a step where the test needs it through the step's own transitions, as the worker would.</summary>
    public static RequestStep Moved(this RequestStep step, Action<RequestStep> move)
    {
        move(step);
        return step;
    }
}
