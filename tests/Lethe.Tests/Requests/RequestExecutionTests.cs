using System.Globalization;
using Lethe.Execution;
using Lethe.Requests;
using Lethe.Storage;
using Lethe.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Tests.Requests;

public sealed class RequestExecutionTests
{
    [Theory]
    [ClassData(typeof(Databases))]
    public async Task A_request_gets_its_Art_12_deadline_from_the_day_it_reaches_the_company(DatabaseProvider provider)
    {
        var f = await RequestFixture.CreateAsync(provider, "flexfone", "pbx", "FLEXFONE_PBX_DB", people: 3);
        // 23:30 UTC on 31 January is 1 February in Denmark: the answer is due on 1 March, not on 28 February.
        f.Clock.SetUtcNow(DateTimeOffset.Parse("2026-01-31T23:30:00Z", CultureInfo.InvariantCulture));
        var employee = (await f.Store.QueryAsync("SELECT extension, full_name FROM employees ORDER BY id")).First();

        var request = await f.CreateAsync(RequestType.Access, new Identity("extension", (string)employee[0]!), new Identity("full_name", (string)employee[1]!));

        request.Request.DueOn.ShouldBe(new DateOnly(2026, 3, 1));
        (await f.FindAsync(request.Request.Id)).Request.DueOn.ShouldBe(new DateOnly(2026, 3, 1));
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task An_erasure_keeps_invoices_under_hold_and_the_worker_erases_them_on_the_day_the_hold_ends(DatabaseProvider provider)
    {
        var f = await RequestFixture.CreateAsync(provider, "flex4business", "billing", "FLEX4B_BILLING_DB", people: 40);
        var (customer, number, lastHold) = await f.CustomerWithHeldInvoicesAsync();

        var request = await f.CreateAsync(RequestType.Erasure, new Identity("customer_number", number));
        // The website and the newsletter keep no customer numbers: considered, and said so, not searched.
        request.Steps.Single(s => s.Datastore == "website.db").Status.ShouldBe(StepStatus.Done);
        (await f.RunWorkerAsync()).ShouldBe(1);
        // Nets, which receives the billing system's data, is asked to erase too; the agent closes that once Nets confirms.
        request.Steps.Single(s => s.IsForwarded).ShouldSatisfyAllConditions(
            s => s.Datastore.ShouldBe("sub-processor:nets"), s => s.Status.ShouldBe(StepStatus.Waiting), s => s.DueOn.ShouldBe(request.Request.DueOn!.Value.AddDays(-7)));
        (await f.FindAsync(request.Request.Id)).Request.CompletedAt.ShouldBeNull();
        await f.ConfirmForwardedAsync(request.Request.Id);

        var done = await f.FindAsync(request.Request.Id);
        done.Steps.ShouldAllBe(s => s.Status == StepStatus.Done);
        done.Request.CompletedAt.ShouldNotBeNull();
        done.Steps.Single(s => s.Datastore == "billing.db").OutcomeJson!.ShouldContain("Bogf\\u00F8ringsloven");
        var deferred = await f.DeferredAsync(request.Request.Id);
        deferred.Max(d => d.Due).ShouldBe(lastHold);
        (await f.Store.QueryAsync($"SELECT name FROM customers WHERE id = {customer}")).Single()[0].ShouldNotBe("Anonymized person");

        // A day before the hold ends nothing happens; the worker that runs on the day erases, even though this is a new worker.
        f.Clock.SetUtcNow(new DateTimeOffset(lastHold.AddDays(-1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
        await f.RunWorkerAsync();
        (await f.Store.QueryAsync($"SELECT name FROM customers WHERE id = {customer}")).Single()[0].ShouldNotBe("Anonymized person");
        f.Clock.SetUtcNow(new DateTimeOffset(lastHold.ToDateTime(new TimeOnly(3, 0)), TimeSpan.Zero));
        var dueToday = (await f.DeferredAsync(request.Request.Id)).Count(d => d.CompletedAt == null && d.Due <= lastHold);
        dueToday.ShouldBeGreaterThan(0, "the hold ends today for at least the last invoices");
        (await f.RunWorkerAsync()).ShouldBe(dueToday, "each deferred erasure due runs once");
        (await f.Store.QueryAsync($"SELECT name, address FROM customers WHERE id = {customer}")).Single().ShouldBe(["Anonymized person", null]);
        (await f.Store.QueryAsync($"SELECT count(*) FROM invoices WHERE customer_id = {customer}")).Single()[0].ShouldBe(0L);
        (await f.DeferredAsync(request.Request.Id)).ShouldAllBe(d => d.CompletedAt != null);
        (await f.RunWorkerAsync()).ShouldBe(0);
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task A_datastore_that_fails_mid_erasure_keeps_every_row_and_the_step_completes_when_it_is_back(DatabaseProvider provider)
    {
        var f = await RequestFixture.CreateAsync(provider, "flexfone", "pbx", "FLEXFONE_PBX_DB", people: 30);
        // Deleting voicemails fails while the outage table has a row: the erasure has already changed the employee and
        // deleted recordings in its transaction by then.
        await f.Store.ExecuteAsync("CREATE TABLE outage (down integer)");
        await f.Store.ExecuteAsync("INSERT INTO outage VALUES (1)");
        await f.Store.ExecuteAsync(provider == DatabaseProvider.Sqlite
            ? "CREATE TRIGGER voicemail_outage BEFORE DELETE ON voicemails WHEN EXISTS (SELECT 1 FROM outage) BEGIN SELECT RAISE(ABORT, 'the disk is unavailable'); END"
            : "CREATE FUNCTION voicemail_outage() RETURNS trigger AS $$ BEGIN IF EXISTS (SELECT 1 FROM outage) THEN RAISE EXCEPTION 'the disk is unavailable'; END IF; RETURN OLD; END $$ LANGUAGE plpgsql;"
              + " CREATE TRIGGER voicemail_outage BEFORE DELETE ON voicemails FOR EACH ROW EXECUTE FUNCTION voicemail_outage()");
        // An employee with voicemails and recordings and no statutory log younger than a year, so nothing holds them.
        var recentLogs = (await f.Store.QueryAsync("SELECT employee_id, logged_at FROM usage_log")).Where(r => LegalHolds.AsDate(r[1])!.Value.AddYears(1) >= DateOnly.FromDateTime(f.Clock.GetUtcNow().UtcDateTime).AddDays(-2))
            .Select(r => Convert.ToInt64(r[0], CultureInfo.InvariantCulture)).ToHashSet();
        var employee = (await f.Store.QueryAsync("SELECT e.id, e.extension, e.full_name FROM employees e WHERE EXISTS (SELECT 1 FROM voicemails v WHERE v.employee_id = e.id) AND EXISTS (SELECT 1 FROM call_recordings c WHERE c.employee_id = e.id) ORDER BY e.id"))
            .First(e => !recentLogs.Contains(Convert.ToInt64(e[0], CultureInfo.InvariantCulture)));
        var id = Convert.ToInt64(employee[0], CultureInfo.InvariantCulture);
        async Task<object?[]> State() => [
            (await f.Store.QueryAsync($"SELECT full_name FROM employees WHERE id = {id}")).Single()[0],
            (await f.Store.QueryAsync($"SELECT count(*) FROM call_recordings WHERE employee_id = {id}")).Single()[0],
            (await f.Store.QueryAsync($"SELECT count(*) FROM voicemails WHERE employee_id = {id}")).Single()[0]];
        var before = await State();

        var request = await f.CreateAsync(RequestType.Erasure, new Identity("extension", (string)employee[1]!), new Identity("full_name", (string)employee[2]!));
        await f.RunWorkerAsync();

        (await State()).ShouldBe(before);
        var failed = (await f.FindAsync(request.Request.Id)).Steps.Single(s => s.Datastore == "pbx.db");
        failed.Status.ShouldBe(StepStatus.Failed);
        failed.LastError!.ShouldContain("the disk is unavailable");
        failed.NextAttemptAt.ShouldBe(f.Clock.GetUtcNow().UtcDateTime + Backoff.First);
        (await f.FindAsync(request.Request.Id)).Request.CompletedAt.ShouldBeNull();

        // Not due yet: nothing runs. Back, and due: the step completes and so does the request.
        (await f.RunWorkerAsync()).ShouldBe(0);
        await f.Store.ExecuteAsync("DELETE FROM outage");
        f.Clock.Advance(Backoff.First);
        (await f.RunWorkerAsync()).ShouldBe(1);

        var after = await State();
        after[0].ShouldBe("Anonymiseret person");
        after[1].ShouldBe(0L);
        after[2].ShouldBe(0L);
        var done = await f.FindAsync(request.Request.Id);
        done.Steps.Single(s => s.Datastore == "pbx.db").Attempts.ShouldBe(2);
        done.Steps.Where(s => s.Connector.IsSql).ShouldAllBe(s => s.Status == StepStatus.Done);
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task An_unreachable_datastore_is_retried_with_growing_pauses(DatabaseProvider provider)
    {
        var f = await RequestFixture.CreateAsync(provider, "flexfone", "pbx", "FLEXFONE_PBX_DB", people: 5);
        var employee = (await f.Store.QueryAsync("SELECT extension, full_name FROM employees ORDER BY id")).First();
        var request = await f.CreateAsync(RequestType.Access, new Identity("extension", (string)employee[0]!), new Identity("full_name", (string)employee[1]!));
        Environment.SetEnvironmentVariable(f.ConnectionVariable, provider == DatabaseProvider.Sqlite
            ? "Data Source=/nonexistent-dir/pbx.db;Mode=ReadOnly"
            : "Host=127.0.0.1;Port=1;Username=nobody;Timeout=2");

        var pauses = new List<TimeSpan>();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            (await f.RunWorkerAsync()).ShouldBe(1);
            var step = (await f.FindAsync(request.Request.Id)).Steps.Single(s => s.Datastore == "pbx.db");
            step.Status.ShouldBe(StepStatus.Failed);
            pauses.Add(step.NextAttemptAt!.Value - f.Clock.GetUtcNow().UtcDateTime);
            f.Clock.SetUtcNow(step.NextAttemptAt.Value);
        }

        pauses.ShouldBe([TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(4)]);
        Environment.SetEnvironmentVariable(f.ConnectionVariable, f.Store.ConnectionString);
        (await f.RunWorkerAsync()).ShouldBe(1);
        var done = (await f.FindAsync(request.Request.Id)).Steps.Single(s => s.Datastore == "pbx.db");
        done.Status.ShouldBe(StepStatus.Done);
        done.OutcomeJson!.ShouldContain("employees");
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task A_restriction_marks_the_person_in_Lethe_and_sets_the_datastores_flag_and_the_audit_says_what_without_values(DatabaseProvider provider)
    {
        var f = await RequestFixture.CreateAsync(provider, "flex4business", "billing", "FLEX4B_BILLING_DB", people: 5);
        var (number, email) = ((string, string))(await f.Store.QueryAsync("SELECT customer_number, email FROM customers ORDER BY id")).Select(r => ((string)r[0]!, (string)r[1]!)).First();

        var request = await f.CreateAsync(RequestType.Restriction, new Identity("customer_number", number));
        await f.RunWorkerAsync();

        (await f.Store.QueryAsync("SELECT customer_number FROM customers WHERE restricted")).Select(r => r[0]).ShouldBe([number]);
        await using var scope = f.Db.Scope();
        var db = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
        var restriction = await db.Restrictions.IgnoreQueryFilters().SingleAsync(r => r.RequestId == request.Request.Id);
        restriction.IdentitiesJson.ShouldContain(number);
        restriction.LiftedAt.ShouldBeNull();

        var entries = await db.AuditEntries.IgnoreQueryFilters().Where(a => a.Target == $"request:{request.Request.Id}").ToListAsync();
        entries.Select(e => e.Action).ShouldContain("request.created");
        var done = entries.Single(e => e.Action == "request.step-done" && e.Details.Contains("billing.db", StringComparison.Ordinal));
        done.Details.ShouldContain("customers:restrict=1");
        entries.ShouldAllBe(e => !e.Details.Contains(number, StringComparison.Ordinal) && !e.Details.Contains(email, StringComparison.Ordinal));
    }
}
