using Lethe.Audit;
using Lethe.Common;
using Lethe.Consent;
using Lethe.Execution;
using Lethe.Requests;
using Lethe.Storage;
using Lethe.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Tests.Requests;

/// <summary>An agent takes a request from registration to approval, rejection or withdrawal; every move is checked and audited.</summary>
public sealed class RequestLifecycleTests
{
    private static readonly AuditActor Agent = new("user", "agent-1", "agent@flexfone.example");

    private static async Task<(RequestFixture F, Identity[] Employee)> PbxAsync(DatabaseProvider provider)
    {
        var f = await RequestFixture.CreateAsync(provider, "flexfone", "pbx", "FLEXFONE_PBX_DB", people: 3);
        var row = (await f.Store.QueryAsync("SELECT extension, full_name FROM employees ORDER BY id")).First();
        return (f, [new Identity("extension", (string)row[0]!), new Identity("full_name", (string)row[1]!)]);
    }

    private static async Task<T> WithAsync<T>(RequestFixture f, Func<RequestLifecycle, Task<T>> act)
    {
        await using var scope = f.Db.Scope();
        return await act(scope.ServiceProvider.GetRequiredService<RequestLifecycle>());
    }

    private static async Task<Guid> RegisterAsync(RequestFixture f, RequestType type, Identity[] identities, string? identityCheck = null)
    {
        await using var scope = f.Db.Scope();
        var created = await scope.ServiceProvider.GetRequiredService<RequestRegistration>()
            .CreateAsync(f.Tenant, Agent, new RequestInput(type.ToWire(), identities, null, RequestChannel.Letter.ToWire(), "da", "Brev modtaget 3. marts", identityCheck), default);
        return created.Value?.Request.Id ?? throw new InvalidOperationException(created.Failure!.Detail);
    }

    private static async Task<List<string>> ActionsAsync(RequestFixture f, Guid id)
    {
        await using var scope = f.Db.Scope();
        return await scope.ServiceProvider.GetRequiredService<LetheDbContext>().AuditEntries.IgnoreQueryFilters()
            .Where(a => a.Target == $"request:{id}").OrderBy(a => a.Sequence).Select(a => a.Action).ToListAsync();
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task A_letter_is_registered_its_identity_checked_by_the_written_extension_and_name_then_approved_and_carried_out(DatabaseProvider provider)
    {
        var (f, employee) = await PbxAsync(provider);
        var id = await RegisterAsync(f, RequestType.Access, employee);
        (await f.FindAsync(id)).ShouldSatisfyAllConditions(
            v => v.Request.Status.ShouldBe(RequestStatus.Received),
            v => v.Steps.ShouldBeEmpty());
        (await f.RunWorkerAsync()).ShouldBe(0);

        // Approving before the identity is checked is refused and changes nothing.
        (await WithAsync(f, l => l.ApproveAsync(f.Tenant, Agent, id, default))).Failure.ShouldBeOfType<Conflict>().Detail.ShouldContain("identity");
        (await WithAsync(f, l => l.VerifyAsync(f.Tenant, Agent, id, " ", default))).Failure.ShouldBeOfType<InvalidInput>().Errors.Keys.ShouldBe(["evidence"]);
        var verified = await WithAsync(f, l => l.VerifyAsync(f.Tenant, Agent, id, "Extension and full name given in writing, matching the PBX", default));
        verified.Value!.ShouldSatisfyAllConditions(
            r => r.Status.ShouldBe(RequestStatus.Verified),
            r => r.VerifiedBy.ShouldBe(Agent.Name),
            r => r.VerificationEvidence.ShouldBe("Extension and full name given in writing, matching the PBX"));
        (await WithAsync(f, l => l.AssignAsync(f.Tenant, Agent, id, "not an address", default))).Failure.ShouldBeOfType<InvalidInput>();
        (await WithAsync(f, l => l.AssignAsync(f.Tenant, Agent, id, "Lone@Flexfone.example", default))).Value!.Assignee.ShouldBe("lone@flexfone.example");

        var approved = await WithAsync(f, l => l.ApproveAsync(f.Tenant, Agent, id, default));

        approved.Value!.Request.Status.ShouldBe(RequestStatus.InProgress);
        approved.Value.Steps.Select(s => s.Datastore).ShouldBe(["pbx.db", "reseller_portal.db", "sub-processor:tdc"], ignoreOrder: true,
            "one step per datastore of the data map, and one for TDC, which receives the PBX's data");
        var pending = approved.Value.Steps.Count(s => s.Status == StepStatus.Pending);
        (await f.RunWorkerAsync()).ShouldBe(pending, "each step pending at approval runs once");
        (await f.FindAsync(id)).Request.Status.ShouldBe(RequestStatus.AwaitingExternal, "TDC has not confirmed yet");
        (await f.ConfirmForwardedAsync(id)).ShouldHaveSingleItem().Datastore.ShouldBe("sub-processor:tdc");
        var done = await f.FindAsync(id);
        done.Steps.ShouldAllBe(s => s.Status == StepStatus.Done);
        done.Request.Status.ShouldBe(RequestStatus.Completed);
        done.Request.ClosedAt.ShouldNotBeNull();
        (await WithAsync(f, l => l.RejectAsync(f.Tenant, Agent, id, "Too late", default))).Failure.ShouldBeOfType<Conflict>().Detail.ShouldContain("completed");
        var actions = await ActionsAsync(f, id);
        actions.ShouldBe([AuditActions.RequestCreated, AuditActions.RequestVerified, AuditActions.RequestAssigned, AuditActions.RequestApproved,
            AuditActions.RequestForwarded, AuditActions.RequestStepDone, AuditActions.ManualTaskCompleted, AuditActions.RequestCompleted]);
        await using var scope = f.Db.Scope();
        var details = await scope.ServiceProvider.GetRequiredService<LetheDbContext>().AuditEntries.IgnoreQueryFilters()
            .Where(a => a.Target == $"request:{id}").Select(a => a.Details).ToListAsync();
        details.ShouldAllBe(d => !d.Contains(employee[1].Value) && !d.Contains("in writing"));
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task A_rejected_or_withdrawn_request_is_closed_with_its_reason_and_never_runs(DatabaseProvider provider)
    {
        var (f, employee) = await PbxAsync(provider);
        var before = (await f.Store.QueryAsync("SELECT count(*) FROM employees")).Single()[0];
        var rejected = await RegisterAsync(f, RequestType.Erasure, employee);
        var withdrawn = await RegisterAsync(f, RequestType.Erasure, employee, "Known caller");

        (await WithAsync(f, l => l.RejectAsync(f.Tenant, Agent, rejected, "", default))).Failure.ShouldBeOfType<InvalidInput>().Errors.Keys.ShouldBe(["reason"]);
        // The reason is mailed to the person: a CPR number in it is refused, with the reason why, and nothing moves.
        var withCpr = (await WithAsync(f, l => l.RejectAsync(f.Tenant, Agent, rejected, "The CPR 070761-4285 given does not match ours.", default))).Failure.ShouldBeOfType<InvalidInput>();
        withCpr.Errors["reason"].ShouldHaveSingleItem().ShouldBe(Lethe.Localization.Texts.Get("error.guard.national_id", "en"));
        (await f.FindAsync(rejected)).Request.Status.ShouldNotBe(RequestStatus.Rejected);
        (await WithAsync(f, l => l.RejectAsync(f.Tenant, Agent, rejected, "We could not confirm who wrote the letter.", default))).Succeeded.ShouldBeTrue();
        (await WithAsync(f, l => l.WithdrawAsync(f.Tenant, Agent, withdrawn, default))).Succeeded.ShouldBeTrue();
        (await WithAsync(f, l => l.ApproveAsync(f.Tenant, Agent, withdrawn, default))).Failure.ShouldBeOfType<Conflict>().Detail.ShouldContain("withdrawn");
        (await WithAsync(f, l => l.ApproveAsync(f.Tenant, Agent, Guid.NewGuid(), default))).Failure.ShouldBeOfType<NotFound>();

        (await f.FindAsync(rejected)).Request.ShouldSatisfyAllConditions(
            r => r.Status.ShouldBe(RequestStatus.Rejected),
            r => r.RejectionReason.ShouldBe("We could not confirm who wrote the letter."),
            r => r.ClosedAt.ShouldNotBeNull());
        (await f.FindAsync(withdrawn)).Request.Status.ShouldBe(RequestStatus.Withdrawn);
        (await f.RunWorkerAsync()).ShouldBe(0);
        (await ActionsAsync(f, rejected)).ShouldBe([AuditActions.RequestCreated, AuditActions.RequestRejected]);
        (await ActionsAsync(f, withdrawn)).ShouldBe([AuditActions.RequestCreated, AuditActions.RequestWithdrawn]);
        (await f.Store.QueryAsync("SELECT count(*) FROM employees")).Single()[0].ShouldBe(before);
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task Two_agents_deciding_one_request_at_once_the_later_decision_is_refused_whole_and_the_steps_are_planned_once(DatabaseProvider provider)
    {
        var (f, employee) = await PbxAsync(provider);
        var id = await RegisterAsync(f, RequestType.Erasure, employee, "Known caller");
        var other = new AuditActor("user", "agent-2", "other@flexfone.example");

        // Two more agents opened the request while it was verified: their units of work hold it as it was then.
        await using var rejecting = f.Db.Scope();
        await using var approvingAgain = f.Db.Scope();
        await using var assigning = f.Db.Scope();
        foreach (var scope in new[] { rejecting, approvingAgain, assigning })
        {
            scope.ServiceProvider.GetRequiredService<TenantScope>().Enter(f.Tenant.Id);
            (await scope.ServiceProvider.GetRequiredService<LetheDbContext>().Requests.SingleAsync(r => r.Id == id)).Status.ShouldBe(RequestStatus.Verified);
        }

        (await WithAsync(f, l => l.ApproveAsync(f.Tenant, Agent, id, default))).Succeeded.ShouldBeTrue();
        var planned = (await f.FindAsync(id)).Steps.Select(s => s.Id).ToList();
        planned.ShouldNotBeEmpty();
        var recorded = await ActionsAsync(f, id);
        recorded.Count(a => a == AuditActions.RequestApproved).ShouldBe(1);

        await Should.ThrowAsync<DbUpdateConcurrencyException>(() => rejecting.ServiceProvider.GetRequiredService<RequestLifecycle>()
            .RejectAsync(f.Tenant, other, id, "We could not confirm who wrote the letter.", default));
        await Should.ThrowAsync<DbUpdateConcurrencyException>(() => approvingAgain.ServiceProvider.GetRequiredService<RequestLifecycle>()
            .ApproveAsync(f.Tenant, other, id, default));

        // Assigning leaves the status alone: it is saved, and does not put back the status it read.
        (await assigning.ServiceProvider.GetRequiredService<RequestLifecycle>().AssignAsync(f.Tenant, other, id, "other@flexfone.example", default)).Succeeded.ShouldBeTrue();

        (await f.FindAsync(id)).ShouldSatisfyAllConditions(
            v => v.Request.Status.ShouldBe(RequestStatus.InProgress),
            v => v.Request.Assignee.ShouldBe("other@flexfone.example"),
            v => v.Request.RejectionReason.ShouldBeNull(),
            v => v.Request.ApprovedBy.ShouldBe(Agent.Name),
            v => v.Steps.Select(s => s.Id).ShouldBe(planned, ignoreOrder: true));
        (await ActionsAsync(f, id)).ShouldBe([.. recorded, AuditActions.RequestAssigned]);
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task An_objection_to_marketing_puts_the_person_on_the_suppression_list_which_outlives_their_erasure(DatabaseProvider provider)
    {
        var f = await RequestFixture.CreateAsync(provider, "flex4business", "billing", "FLEX4B_BILLING_DB", people: 5);
        var customer = (await f.Store.QueryAsync("SELECT email, customer_number FROM customers ORDER BY id")).First();
        var email = (string)customer[0]!;
        var objection = await RegisterAsync(f, RequestType.Objection, [new Identity("email", email.ToUpperInvariant())], "Signed letter");

        var approved = await WithAsync(f, l => l.ApproveAsync(f.Tenant, Agent, objection, default));

        approved.Value!.Request.Status.ShouldBe(RequestStatus.Completed);
        approved.Value.Steps.ShouldBeEmpty();
        await using (var scope = f.Db.Scope())
        {
            var list = scope.ServiceProvider.GetRequiredService<SuppressionList>();
            (await list.ContainsAsync(f.Tenant, "email", $"  {email} ", default)).ShouldBeTrue();
            (await list.ContainsAsync(f.Tenant, "email", "someone.else@example.dk", default)).ShouldBeFalse();
            var entry = await scope.ServiceProvider.GetRequiredService<LetheDbContext>().SuppressionEntries.IgnoreQueryFilters().SingleAsync();
            entry.Hash.ShouldNotContain(email.Split('@')[0]);
            entry.Reason.ShouldBe(SuppressionList.Objection);
        }

        // They had signed up for the newsletter before.
        await using (var scope = f.Db.Scope())
        {
            (await scope.ServiceProvider.GetRequiredService<ConsentLog>().RecordAsync(f.Tenant, AuditActor.System,
                [new ConsentInput("person", email, "given", ["newsletter"], "newsletter")], default)).Succeeded.ShouldBeTrue();
        }

        // Erasing the same person afterwards removes their customer data, their consent log and the address in the
        // objection's record; the suppression entry, a keyed hash, stays.
        var erasure = await f.CreateAsync(RequestType.Erasure, new Identity("customer_number", (string)customer[1]!), new Identity("email", email));
        await f.RunWorkerAsync();
        await using (var scope = f.Db.Scope())
        {
            (await scope.ServiceProvider.GetRequiredService<SuppressionList>().ContainsAsync(f.Tenant, "email", email, default)).ShouldBeTrue();
            var db = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
            (await db.ConsentEvents.IgnoreQueryFilters().CountAsync()).ShouldBe(0);
            var kept = await db.Requests.IgnoreQueryFilters().SingleAsync(r => r.Id == objection);
            kept.IdentitiesJson.ShouldNotContain(email, Case.Insensitive);
            kept.IdentitiesJson.ShouldContain(OwnRecordsErasure.Erased);
            kept.Message.ShouldBeNull();
            (await ActionsAsync(f, erasure.Request.Id)).ShouldContain(AuditActions.OwnRecordsErased);
        }
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task The_assignee_is_reminded_once_per_stage_as_the_deadline_nears_and_the_mail_names_no_one(DatabaseProvider provider)
    {
        var (f, employee) = await PbxAsync(provider);
        f.Clock.SetUtcNow(DateTimeOffset.Parse("2026-12-01T09:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var id = await RegisterAsync(f, RequestType.Access, employee, "Known caller");
        await WithAsync(f, l => l.AssignAsync(f.Tenant, Agent, id, "lone@flexfone.example", default));
        async Task<int> RemindAsync()
        {
            await using var scope = f.Db.Scope();
            return await scope.ServiceProvider.GetRequiredService<RequestReminders>().RunDueAsync(default);
        }

        (await RemindAsync()).ShouldBe(0);
        f.Clock.SetUtcNow(DateTimeOffset.Parse("2026-12-25T09:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        (await RemindAsync()).ShouldBe(1);
        (await RemindAsync()).ShouldBe(0);
        f.Clock.SetUtcNow(DateTimeOffset.Parse("2026-12-30T09:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        (await RemindAsync()).ShouldBe(1);
        // Past the deadline with the day's reminder missed (the server was down): one overdue reminder, not two.
        f.Clock.SetUtcNow(DateTimeOffset.Parse("2027-01-05T09:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        (await RemindAsync()).ShouldBe(1);
        (await RemindAsync()).ShouldBe(0);
        (await f.FindAsync(id)).Request.ReminderStage.ShouldBe(4);

        var mails = await Mailbox.DeliverAndReadAsync(f.Db, "lone@flexfone.example");
        mails.Count.ShouldBe(3);
        (mails[0].Subject ?? "").ShouldContain("1. januar 2027");
        mails.ShouldAllBe(m => !(m.TextBody ?? "").Contains(employee[1].Value) && (m.TextBody ?? "").Contains($"/t/{f.Tenant.Slug}/requests/{id}"));
        (await ActionsAsync(f, id)).Count(a => a == AuditActions.RequestReminded).ShouldBe(3);
    }
}
