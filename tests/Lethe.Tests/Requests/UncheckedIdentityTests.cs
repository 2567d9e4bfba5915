using Lethe.Audit;
using Lethe.Common;
using Lethe.Execution;
using Lethe.Requests;
using Lethe.Storage;
using Lethe.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Tests.Requests;

/// <summary>
/// The privacy centre's link proves the e-mail address only. A phone number typed beside it is someone's, perhaps not
/// the person's: the request must find nobody by it until an agent has checked it.
/// </summary>
public sealed class UncheckedIdentityTests
{
    private const string Stranger = "stranger@example.net";

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task A_phone_number_given_beside_a_confirmed_address_is_searched_by_only_once_an_agent_checked_it(DatabaseProvider provider)
    {
        var f = await RequestFixture.CreateAsync(provider, "flex4business", "website", "FLEX4B_WEBSITE_DB", people: 5);
        var someonesPhone = (string)(await f.Store.QueryAsync("SELECT phone FROM inquiries WHERE phone IS NOT NULL ORDER BY id")).First()[0]!;
        (await f.Store.QueryAsync($"SELECT id FROM inquiries WHERE email = '{Stranger}'")).ShouldBeEmpty();

        // Filed, confirmed by the link and approved as it stands: the phone number is kept, shown as asFiled, and searches nothing.
        var asFiled = await FileAsync(f, someonesPhone);
        var kept = (await f.FindAsync(asFiled)).Request;
        kept.Identities().ShouldBe([new Identity("email", Stranger), new Identity("phone", someonesPhone, Unverified: true)]);
        kept.SearchIdentities().ShouldBe([new Identity("email", Stranger)]);
        await f.ConfirmByMailAndApproveAsync(asFiled, Stranger);
        await f.RunWorkerAsync();
        var notFound = Website(await f.FindAsync(asFiled));
        notFound.Status.ShouldBe(StepStatus.Done);
        (StepOutcome.Read(notFound.OutcomeJson)?.Found?.Values.Sum() ?? 0).ShouldBe(0, notFound.OutcomeJson);

        // The same request once an agent checked the number (and said how): the number's owner is found.
        var used = await VerifyCodesAsync(f);
        var checkedByAgent = await FileAsync(f, someonesPhone);
        var code = (await VerifyCodesAsync(f)).Except(used).Single();
        await using (var scope = f.Db.Scope())
        {
            var lifecycle = scope.ServiceProvider.GetRequiredService<RequestLifecycle>();
            var agent = new AuditActor("user", null, "agent@example.dk");
            // Before the address is confirmed there is no check to add to: verifying by hand is the way then.
            (await lifecycle.CheckIdentitiesAsync(f.Tenant, agent, checkedByAgent, "called the number", default)).Failure.ShouldBeOfType<Conflict>();
            (await scope.ServiceProvider.GetRequiredService<SelfServiceRequests>().VerifyAsync(f.Tenant, code, default)).Succeeded.ShouldBeTrue();
            (await lifecycle.CheckIdentitiesAsync(f.Tenant, agent, checkedByAgent, " ", default)).Failure.ShouldBeOfType<InvalidInput>();
            var done = await lifecycle.CheckIdentitiesAsync(f.Tenant, agent, checkedByAgent, "called the number; the person answered", default);
            done.Succeeded.ShouldBeTrue(done.Failure?.ToString());
            done.Value!.HasUncheckedIdentities.ShouldBeFalse();
            done.Value.VerificationEvidence.ShouldEndWith("sent to it. called the number; the person answered");
            (await lifecycle.CheckIdentitiesAsync(f.Tenant, agent, checkedByAgent, "again", default)).Failure.ShouldBeOfType<Conflict>();
            (await lifecycle.ApproveAsync(f.Tenant, agent, checkedByAgent, default)).Succeeded.ShouldBeTrue();
            (await scope.ServiceProvider.GetRequiredService<LetheDbContext>().AuditEntries.IgnoreQueryFilters()
                .CountAsync(e => e.Action == AuditActions.RequestIdentitiesChecked && e.Target == $"request:{checkedByAgent}")).ShouldBe(1);
        }

        await f.RunWorkerAsync();
        var found = Website(await f.FindAsync(checkedByAgent));
        found.Status.ShouldBe(StepStatus.Done);
        StepOutcome.Read(found.OutcomeJson)!.Found!.Values.Sum().ShouldBeGreaterThan(0, found.OutcomeJson);
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task Identities_checked_from_a_request_read_before_it_was_approved_are_refused_so_its_steps_agree_on_who_the_person_is(DatabaseProvider provider)
    {
        var f = await RequestFixture.CreateAsync(provider, "flex4business", "website", "FLEX4B_WEBSITE_DB", people: 3);
        var someonesPhone = (string)(await f.Store.QueryAsync("SELECT phone FROM inquiries WHERE phone IS NOT NULL ORDER BY id")).First()[0]!;
        var id = await FileAsync(f, someonesPhone);
        await using (var person = f.Db.Scope())
        {
            var code = (await VerifyCodesAsync(f)).Single();
            (await person.ServiceProvider.GetRequiredService<SelfServiceRequests>().VerifyAsync(f.Tenant, code, default)).Succeeded.ShouldBeTrue();
        }

        // One agent opened the request to check the number while another approved it as it stood.
        await using var checking = f.Db.Scope();
        checking.ServiceProvider.GetRequiredService<TenantScope>().Enter(f.Tenant.Id);
        (await checking.ServiceProvider.GetRequiredService<LetheDbContext>().Requests.SingleAsync(r => r.Id == id)).HasUncheckedIdentities.ShouldBeTrue();
        await using (var approving = f.Db.Scope())
        {
            (await approving.ServiceProvider.GetRequiredService<RequestLifecycle>().ApproveAsync(f.Tenant, new AuditActor("user", null, "agent@example.dk"), id, default))
                .Succeeded.ShouldBeTrue();
        }

        await Should.ThrowAsync<DbUpdateConcurrencyException>(() => checking.ServiceProvider.GetRequiredService<RequestLifecycle>()
            .CheckIdentitiesAsync(f.Tenant, new AuditActor("user", null, "other@example.dk"), id, "called the number", default));

        var approved = (await f.FindAsync(id)).Request;
        approved.Status.ShouldBe(RequestStatus.InProgress);
        approved.HasUncheckedIdentities.ShouldBeTrue();
        await using var read = f.Db.Scope();
        (await read.ServiceProvider.GetRequiredService<LetheDbContext>().AuditEntries.IgnoreQueryFilters()
            .CountAsync(e => e.Action == AuditActions.RequestIdentitiesChecked && e.Target == $"request:{id}")).ShouldBe(0);
    }

    private static async Task<Guid> FileAsync(RequestFixture f, string phone)
    {
        await using var scope = f.Db.Scope();
        var filed = await scope.ServiceProvider.GetRequiredService<SelfServiceRequests>()
            .FileAsync(f.Tenant, [RequestType.Access.ToWire()], Stranger, [new Identity("phone", phone)], "en", null, null, default);
        return filed.Value?.Single() ?? throw new InvalidOperationException(filed.Failure!.ToString());
    }

    private static async Task<List<string>> VerifyCodesAsync(RequestFixture f) =>
        (await Mailbox.DeliverAndReadAsync(f.Db, Stranger)).Where(m => (m.TextBody ?? "").Contains("/verify/", StringComparison.Ordinal))
            .Select(m => Mailbox.LinkToken(m, "/verify/")).ToList();

    private static RequestStep Website(RequestView view) => view.Steps.Single(s => s.Datastore == "website.db");
}
