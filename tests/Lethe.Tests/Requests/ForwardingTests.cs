using Lethe.Audit;
using Lethe.Common;
using Lethe.DataMap;
using Lethe.Execution;
using Lethe.Requests;
using Lethe.Storage;
using Lethe.Tenancy;
using Lethe.Tests.Processors;
using Lethe.Tests.Support;
using Lethe.Work;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Tests.Requests;

/// <summary>
/// Flexfone's PBX data reaches TDC, its sub-processor (seed 004): a request for a person in the PBX is forwarded to TDC
/// as a step of its own, due a week before the request's deadline, closed by the agent when TDC confirms.
/// </summary>
public sealed class ForwardingTests
{
    private static readonly AuditActor Agent = AuditActor.User("agent-1", "agent@flexfone.example");

    private static async Task<(RequestFixture F, Identity[] Employee)> PbxAsync(DatabaseProvider provider)
    {
        var f = await RequestFixture.CreateAsync(provider, "flexfone", "pbx", "FLEXFONE_PBX_DB", people: 3);
        var row = (await f.Store.QueryAsync("SELECT extension, full_name FROM employees ORDER BY id")).First();
        return (f, [new Identity("extension", (string)row[0]!), new Identity("full_name", (string)row[1]!)]);
    }

    private static async Task<List<AuditEntry>> AuditAsync(RequestFixture f, Guid id)
    {
        await using var scope = f.Db.Scope();
        return await scope.ServiceProvider.GetRequiredService<LetheDbContext>().AuditEntries.IgnoreQueryFilters()
            .Where(a => a.Target == $"request:{id}").OrderBy(a => a.Sequence).ToListAsync();
    }

    private static async Task<Outcome<RequestStep>> CloseAsync(RequestFixture f, Guid request, Guid step, string note, string? toPerson = null)
    {
        await using var scope = f.Db.Scope();
        return await scope.ServiceProvider.GetRequiredService<ManualTasks>().CompleteAsync(f.Tenant, Agent, request, step, note, toPerson, default);
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task A_request_for_a_person_in_the_pbx_is_forwarded_to_TDC_due_a_week_before_its_deadline(DatabaseProvider provider)
    {
        var (f, employee) = await PbxAsync(provider);

        var view = await f.CreateAsync(RequestType.Erasure, employee);

        var tdc = view.Steps.Single(s => s.IsForwarded);
        tdc.ShouldSatisfyAllConditions(
            s => s.Datastore.ShouldBe("sub-processor:tdc"),
            s => s.ForwardedTo.ShouldBe("TDC Holding A/S"),
            s => s.Connector.ShouldBe(DatastoreKind.Manual),
            s => s.Status.ShouldBe(StepStatus.Waiting, "a person forwards it; no worker runs it"),
            s => s.NextAttemptAt.ShouldBeNull());
        var due = view.Request.DueOn.ShouldNotBeNull();
        tdc.DueOn.ShouldBe(Forwarding.DueOn(f.Clock.GetUtcNow(), f.Tenant.Country, due));
        tdc.DueOn.ShouldBe(due.AddDays(-7));
        StepOutcome.Read(tdc.OutcomeJson)!.Checklist!.ShouldSatisfyAllConditions(
            c => c[0].ShouldContain("Forward the erasure request to TDC Holding A/S by"),
            c => c.ShouldContain(l => l.StartsWith("telephony_for_customers: ", StringComparison.Ordinal) && l.Contains("communication.call_recording", StringComparison.Ordinal)));
        (await f.FindAsync(view.Request.Id)).Steps.Single(s => s.IsForwarded).DueOn.ShouldBe(tdc.DueOn, "as stored");

        var forwarded = (await AuditAsync(f, view.Request.Id)).Single(a => a.Action == AuditActions.RequestForwarded);
        forwarded.Details.ShouldContain("sub-processor:tdc");
        forwarded.Details.ShouldContain("TDC Holding A/S");
        forwarded.Details.ShouldContain(tdc.DueOn!.Value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        forwarded.Details.ShouldNotContain(employee[1].Value);
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task A_request_for_a_person_not_kept_where_TDC_receives_data_is_not_forwarded(DatabaseProvider provider)
    {
        var (f, _) = await PbxAsync(provider);

        // A reseller's contact, found by e-mail in the reseller portal only: TDC never receives the portal's data.
        var view = await f.CreateAsync(RequestType.Erasure, new Identity("email", "kontakt@forhandler.example"));

        view.Steps.ShouldNotContain(s => s.IsForwarded);
        view.Steps.Select(s => s.Datastore).ShouldBe(["pbx.db", "reseller_portal.db"], ignoreOrder: true);
        (await AuditAsync(f, view.Request.Id)).ShouldNotContain(a => a.Action == AuditActions.RequestForwarded);
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task Closing_the_forwarded_step_when_TDC_confirms_completes_the_request(DatabaseProvider provider)
    {
        var (f, employee) = await PbxAsync(provider);
        var view = await f.CreateAsync(RequestType.Access, employee);
        var tdc = view.Steps.Single(s => s.IsForwarded);
        await f.RunWorkerAsync();
        (await f.FindAsync(view.Request.Id)).ShouldSatisfyAllConditions(
            v => v.Request.Status.ShouldBe(RequestStatus.AwaitingExternal, "the PBX is answered; TDC is not"),
            v => v.Steps.Where(s => !s.IsForwarded).ShouldAllBe(s => s.Status == StepStatus.Done));

        (await CloseAsync(f, view.Request.Id, tdc.Id, " ")).Failure.ShouldBeOfType<InvalidInput>().Errors.Keys.ShouldBe(["note"]);
        var closed = (await CloseAsync(f, view.Request.Id, tdc.Id, "TDC confirmed by e-mail (case 2026-118).", "TDC har ingen opkaldsdata om dig.")).Value.ShouldNotBeNull();
        closed.ShouldSatisfyAllConditions(
            s => s.Status.ShouldBe(StepStatus.Done),
            s => s.CompletedBy.ShouldBe(Agent.Name),
            s => s.CompletedAt.ShouldBe(f.Clock.GetUtcNow().UtcDateTime));
        (await CloseAsync(f, view.Request.Id, tdc.Id, "Again.")).Failure.ShouldBeOfType<Conflict>();

        var done = await f.FindAsync(view.Request.Id);
        done.Request.Status.ShouldBe(RequestStatus.Completed);
        done.Request.CompletedAt.ShouldBe(f.Clock.GetUtcNow().UtcDateTime);
        var audit = await AuditAsync(f, view.Request.Id);
        audit.Select(a => a.Action).TakeLast(2).ShouldBe([AuditActions.ManualTaskCompleted, AuditActions.RequestCompleted]);
        audit[^2].Details.ShouldContain("TDC Holding A/S");
        audit[^2].Details.ShouldNotContain("case 2026-118", customMessage: "the internal note stays with the step");
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task A_request_approved_with_less_than_a_week_left_is_due_the_day_it_is_forwarded(DatabaseProvider provider)
    {
        var (f, employee) = await PbxAsync(provider);
        Guid id;
        await using (var scope = f.Db.Scope())
        {
            id = (await scope.ServiceProvider.GetRequiredService<RequestRegistration>().CreateAsync(f.Tenant, Agent,
                new RequestInput(RequestType.Access.ToWire(), employee, IdentityCheck: "Extension and name confirmed"), default)).Value!.Request.Id;
        }

        var due = (await f.FindAsync(id)).Request.DueOn.ShouldNotBeNull();
        // Approved four days before the deadline, late in the evening where Flexfone is.
        f.Clock.SetUtcNow(new DateTimeOffset(due.AddDays(-4).ToDateTime(new TimeOnly(21, 30)), TimeSpan.Zero));
        await using (var scope = f.Db.Scope())
        {
            (await scope.ServiceProvider.GetRequiredService<RequestLifecycle>().ApproveAsync(f.Tenant, Agent, id, default)).Succeeded.ShouldBeTrue();
        }

        (await f.FindAsync(id)).Steps.Single(s => s.IsForwarded).DueOn.ShouldBe(due.AddDays(-4));
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task A_forwarded_step_past_its_day_is_counted_on_the_overview_and_reported_for_the_work_check(DatabaseProvider provider)
    {
        var (f, employee) = await PbxAsync(provider);
        var view = await f.CreateAsync(RequestType.Erasure, employee);
        await f.RunWorkerAsync();
        var tdc = view.Steps.Single(s => s.IsForwarded);
        var dueOn = tdc.DueOn.ShouldNotBeNull();

        // The last evening of its day, where Flexfone is: waiting, not late.
        f.Clock.SetUtcNow(new DateTimeOffset(dueOn.ToDateTime(new TimeOnly(22, 30)), TimeSpan.Zero));
        (await TodayAsync(f)).ShouldSatisfyAllConditions(
            w => w.OverdueForwarded.ShouldBe(0),
            w => w.Tasks.First().ForwardedTo.ShouldBe("TDC Holding A/S"),
            w => w.Tasks.First().DueOn.ShouldBe(dueOn));
        (await OverdueAsync(f)).ShouldBeEmpty();

        // Midnight has passed in Copenhagen (23:00 UTC in winter): late.
        f.Clock.SetUtcNow(new DateTimeOffset(dueOn.ToDateTime(new TimeOnly(23, 0)), TimeSpan.Zero));
        var work = await TodayAsync(f);
        work.OverdueForwarded.ShouldBe(1);
        work.Tasks.First().ShouldSatisfyAllConditions(t => t.StepId.ShouldBe(tdc.Id), t => t.OverdueOn(work.Today).ShouldBeTrue());
        var late = (await OverdueAsync(f)).ShouldHaveSingleItem();
        late.ShouldSatisfyAllConditions(l => l.StepId.ShouldBe(tdc.Id), l => l.DueOn.ShouldBe(dueOn), l => l.RequestId.ShouldBe(view.Request.Id));
        late.Name.ShouldBe($"forwarded-step {tdc.Id} due {dueOn:yyyy-MM-dd}");

        // Closed, it is neither late nor waiting.
        (await CloseAsync(f, view.Request.Id, tdc.Id, "TDC confirmed late, by phone.")).Succeeded.ShouldBeTrue();
        (await TodayAsync(f)).OverdueForwarded.ShouldBe(0);
        (await OverdueAsync(f)).ShouldBeEmpty();
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task A_sub_processor_announced_to_customers_gets_no_request_until_its_notice_ends_and_customers_see_it_announced(DatabaseProvider provider)
    {
        var (f, employee) = await PbxAsync(provider);
        var bakery = await f.Db.CustomerAsync("bakery", f.Tenant);

        // Flexfone's data map replaces TDC by Telia (in Sweden) and adds an SMS gateway for the telephony it runs for customers.
        await using (var scope = f.Db.Scope())
        {
            var stored = await scope.ServiceProvider.GetRequiredService<LetheDbContext>().DataMapRevisions.IgnoreQueryFilters()
                .Where(r => r.TenantId == f.Tenant.Id).OrderByDescending(r => r.Revision).FirstAsync();
            var manifest = ManifestReader.Read(stored.Yaml, "flexfone.yaml", storedRevision: true).Manifest!;
            var tdc = manifest.Processors.Single(p => p.Key == "tdc");
            var changed = manifest with
            {
                Processors = [tdc with { Name = "Telia Danmark", Location = "SE" }, tdc with { Key = "sms", Name = "Nordic SMS Gateway AB", NoticePeriod = "P14D" }],
                Activities = manifest.Activities.Select(a => a.Key == "telephony_for_customers" ? a with { Recipients = ["tdc", "sms"] } : a).ToList(),
            };
            await f.Db.ImportAsync(f.Tenant, ManifestWriter.Write(changed));
        }

        var announcedAt = f.Clock.GetUtcNow().UtcDateTime;
        const string Expected = "TDC Holding A/S (DK) until +30; Telia Danmark (SE) from +30; Nordic SMS Gateway AB (DK) from +14";
        Listing(await SeenAsync(f, async n => (await n.ForCustomerAsync(bakery, default)).SubProcessors), announcedAt).ShouldBe(Expected, "the customer's page and API");
        Listing(await SeenAsync(f, n => n.PublicListAsync(bakery, default)), announcedAt).ShouldBe(Expected, "the customer's public list");
        Listing(await SeenAsync(f, n => n.PublicListAsync(f.Tenant, default)), announcedAt).ShouldBe(Expected, "Flexfone's own public list");

        // Within the notice the request goes to TDC, which still does the work, by its own name; the SMS gateway gets nothing.
        var during = await f.CreateAsync(RequestType.Erasure, employee);
        during.Steps.Where(s => s.IsForwarded).Select(s => (s.Datastore, s.ForwardedTo)).ShouldBe([("sub-processor:tdc", "TDC Holding A/S")]);

        // The SMS gateway's 14 days are over, then Telia's 30.
        f.Clock.Advance(TimeSpan.FromDays(14));
        (await f.CreateAsync(RequestType.Erasure, employee)).Steps.Where(s => s.IsForwarded).Select(s => s.ForwardedTo).ShouldBe(["TDC Holding A/S", "Nordic SMS Gateway AB"]);
        f.Clock.Advance(TimeSpan.FromDays(16));
        (await f.CreateAsync(RequestType.Erasure, employee)).Steps.Where(s => s.IsForwarded).Select(s => s.ForwardedTo).ShouldBe(["Telia Danmark", "Nordic SMS Gateway AB"]);
        Listing(await SeenAsync(f, n => n.PublicListAsync(bakery, default)), announcedAt).ShouldBe("Telia Danmark (SE); Nordic SMS Gateway AB (DK)");

        // What was forwarded to TDC stays with TDC: the step keeps the name it was forwarded under.
        (await f.FindAsync(during.Request.Id)).Steps.Single(s => s.IsForwarded).ForwardedTo.ShouldBe("TDC Holding A/S");
    }

    /// <summary>What <paramref name="read"/> reads, in a unit of work of its own: each acts in one tenant.</summary>
    private static async Task<IReadOnlyList<Lethe.Processors.ListedSubProcessor>> SeenAsync(
        RequestFixture f, Func<Lethe.Processors.SubProcessorNotices, Task<IReadOnlyList<Lethe.Processors.ListedSubProcessor>>> read)
    {
        await using var scope = f.Db.Scope();
        return await read(scope.ServiceProvider.GetRequiredService<Lethe.Processors.SubProcessorNotices>());
    }

    /// <summary>Each sub-processor as "Name (location)", with the whole days from <paramref name="from"/> to when it starts or stops being used.</summary>
    private static string Listing(IReadOnlyList<Lethe.Processors.ListedSubProcessor> seen, DateTime from) => string.Join("; ", seen.Select(s =>
        $"{s.Processor.Name} ({s.Processor.Location})"
        + (s.TakesEffectAt is { } at ? $" from +{(at - from).TotalDays:0}" : s.InUseUntil is { } until ? $" until +{(until - from).TotalDays:0}" : "")));

    private static async Task<WorkToday> TodayAsync(RequestFixture f)
    {
        await using var scope = f.Db.Scope();
        return await scope.ServiceProvider.GetRequiredService<TodaysWork>().ForTenantAsync(f.Tenant, TodayParts.Requests, default);
    }

    private static async Task<IReadOnlyList<OverdueForward>> OverdueAsync(RequestFixture f)
    {
        await using var scope = f.Db.Scope();
        return (await scope.ServiceProvider.GetRequiredService<OverdueForwards>().AllAsync(100, default)).Where(o => o.TenantId == f.Tenant.Id).ToList();
    }
}
