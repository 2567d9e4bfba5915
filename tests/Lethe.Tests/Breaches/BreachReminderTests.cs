using Lethe.Audit;
using Lethe.Breaches;
using Lethe.Localization;
using Lethe.Storage;
using Lethe.Tenancy;
using Lethe.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Tests.Breaches;

/// <summary>The privacy officers are reminded of the 72 hours at 24, 48 and 66 hours, once each, on a clock the test controls.</summary>
public sealed class BreachReminderTests
{
    private static readonly AuditActor Officer = AuditActor.User("officer", "dpo@flexfone.example");

    /// <summary>23:30 in Copenhagen on 29 March 2026, the last Sunday of March: already summer time, UTC+2.</summary>
    private static readonly DateTime Aware = new(2026, 3, 29, 21, 30, 0, DateTimeKind.Utc);

    private static async Task<int> RemindAsync(RequestFixture f)
    {
        await using var scope = f.Db.Scope();
        return await scope.ServiceProvider.GetRequiredService<BreachReminders>().RunDueAsync(default);
    }

    private static async Task<Breach> RegisterAsync(RequestFixture f, DateTime aware, string? risk = null)
    {
        await using var scope = f.Db.Scope();
        var commands = scope.ServiceProvider.GetRequiredService<BreachCommands>();
        var breach = (await commands.RegisterAsync(f.Tenant, Officer, new BreachInput(null, aware, "Invoices sent to the wrong customers.", ["billing.db.invoices"]), default)).Value.ShouldNotBeNull();
        if (risk is not null)
        {
            (await commands.AssessAsync(f.Tenant, Officer, breach.Id, new AssessmentInput(risk, "Because", null, null), default)).Succeeded.ShouldBeTrue();
        }

        return breach;
    }

    private static void At(RequestFixture f, DateTime utc) => f.Clock.SetUtcNow(new DateTimeOffset(utc));

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task Officers_are_reminded_at_24_48_and_66_hours_once_each_even_with_two_workers(DatabaseProvider provider)
    {
        var f = await RequestFixture.CreateAsync(provider, "flex4business", "billing", "FLEX4B_BILLING_DB", people: 4, start: new DateTimeOffset(Aware.AddMinutes(5)));
        await f.Db.GrantAsync("dpo@flexfone.example", Role.PrivacyOfficer, f.Tenant);
        await f.Db.GrantAsync("deputy@flexfone.example", Role.PrivacyOfficer, f.Tenant);
        await f.Db.GrantAsync("agent@flexfone.example", Role.Agent, f.Tenant);
        var other = await f.Db.CreateTenantAsync();
        await f.Db.GrantAsync("dpo@other.example", Role.PrivacyOfficer, other);
        var breach = await RegisterAsync(f, Aware);
        var quiet = await RegisterAsync(f, Aware, risk: "unlikely");

        (await RemindAsync(f)).ShouldBe(0);
        At(f, Aware.AddHours(24).AddSeconds(-1));
        (await RemindAsync(f)).ShouldBe(0);
        At(f, Aware.AddHours(24));
        (await RemindAsync(f)).ShouldBe(1);
        (await RemindAsync(f)).ShouldBe(0, "a second round sends nothing more");

        // Two servers' workers at 48 hours: the unique reminder row lets only one of them send.
        At(f, Aware.AddHours(48));
        var rounds = await Task.WhenAll(RemindAsync(f), RemindAsync(f));
        rounds.Sum().ShouldBe(1);

        At(f, Aware.AddHours(66));
        (await RemindAsync(f)).ShouldBe(1);
        At(f, Aware.AddHours(72));
        (await RemindAsync(f)).ShouldBe(0, "three reminders and no more");

        var dpo = await Mailbox.DeliverAndReadAsync(f.Db, "dpo@flexfone.example");
        dpo.Select(m => m.Subject).ShouldBe(["Påmindelse: 24 af de 72 timer er gået for et brud", "Påmindelse: 48 af de 72 timer er gået for et brud", "Påmindelse: 66 af de 72 timer er gået for et brud"], ignoreOrder: true);
        // 72 hours from 23:30 on Sunday is 23:30 on Wednesday, on the Danish clock.
        var deadline = LocalTime.Format(Aware.AddHours(72), Country.DK, "da");
        deadline.ShouldContain("1. april 2026");
        deadline.ShouldContain("kl. 23.30");
        dpo.ShouldAllBe(m => (m.TextBody ?? "").Contains(deadline) && (m.TextBody ?? "").Contains($"/breaches/{breach.Id}"));
        dpo.ShouldAllBe(m => !(m.TextBody ?? "").Contains("wrong customers"), "the reminder never says what happened");
        (await Mailbox.DeliverAndReadAsync(f.Db, "deputy@flexfone.example")).Count.ShouldBe(3);
        (await Mailbox.DeliverAndReadAsync(f.Db, "agent@flexfone.example")).ShouldBeEmpty();
        (await Mailbox.DeliverAndReadAsync(f.Db, "dpo@other.example")).ShouldBeEmpty();

        await using var scope = f.Db.Scope();
        var db = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
        (await db.BreachReminders.IgnoreQueryFilters().Where(r => r.BreachId == breach.Id).Select(r => r.Hours).ToListAsync()).Order().ShouldBe([24, 48, 66]);
        (await db.BreachReminders.IgnoreQueryFilters().CountAsync(r => r.BreachId == quiet.Id)).ShouldBe(0, "no reminder for a breach unlikely to result in a risk");
        (await db.AuditEntries.IgnoreQueryFilters().CountAsync(a => a.Action == AuditActions.BreachReminded)).ShouldBe(3);
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task A_worker_that_was_stopped_sends_the_latest_reminder_once_up_to_exactly_72_hours_and_none_after(DatabaseProvider provider)
    {
        var f = await RequestFixture.CreateAsync(provider, "flex4business", "billing", "FLEX4B_BILLING_DB", people: 4, start: new DateTimeOffset(Aware.AddMinutes(5)));
        await f.Db.GrantAsync("dpo@flexfone.example", Role.PrivacyOfficer, f.Tenant);
        var onTime = await RegisterAsync(f, Aware);

        // Nothing ran for three days: at exactly 72 hours the notification is still on time, so the last reminder goes.
        At(f, Aware.AddHours(72));
        (await RemindAsync(f)).ShouldBe(1);
        (await RemindAsync(f)).ShouldBe(0);

        // One tick past 72 hours the breach is overdue: the console says so, and no "six hours left" goes out.
        var late = await RegisterAsync(f, f.Clock.GetUtcNow().UtcDateTime.AddHours(-72).AddTicks(-10));
        (await RemindAsync(f)).ShouldBe(0);

        await using var scope = f.Db.Scope();
        var db = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
        var sent = (await db.BreachReminders.IgnoreQueryFilters().ToListAsync()).ShouldHaveSingleItem();
        sent.BreachId.ShouldBe(onTime.Id);
        sent.Hours.ShouldBe(66);
        late.Clock.IsLate(f.Clock.GetUtcNow().UtcDateTime).ShouldBeTrue();
        (await Mailbox.DeliverAndReadAsync(f.Db, "dpo@flexfone.example")).Single().Subject.ShouldNotBeNull().ShouldContain("66");
    }

    [Fact]
    public async Task A_notified_breach_reminds_no_one_and_with_no_officer_the_company_address_is_reminded()
    {
        var f = await RequestFixture.CreateAsync(DatabaseProvider.Sqlite, "flex4business", "billing", "FLEX4B_BILLING_DB", people: 4, start: new DateTimeOffset(Aware.AddMinutes(5)));
        var notified = await RegisterAsync(f, Aware, risk: "risk");
        var open = await RegisterAsync(f, Aware.AddMinutes(1));
        await using (var scope = f.Db.Scope())
        {
            (await scope.ServiceProvider.GetRequiredService<BreachCommands>().NotifyAsync(f.Tenant, Officer, notified.Id, new NotificationInput(), default)).Succeeded.ShouldBeTrue();
        }

        At(f, Aware.AddHours(25));
        (await RemindAsync(f)).ShouldBe(1);
        var mail = await Mailbox.DeliverAndReadAsync(f.Db, f.Tenant.ContactEmail);
        mail.Single().TextBody.ShouldNotBeNull().ShouldContain($"/breaches/{open.Id}");
    }
}
