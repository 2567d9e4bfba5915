using System.Globalization;
using Lethe.Audit;
using Lethe.Breaches;
using Lethe.Common;
using Lethe.Storage;
using Lethe.Tenancy;
using Lethe.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Tests.Breaches;

public sealed class BreachRegisterTests
{
    private static readonly AuditActor Officer = AuditActor.User("officer", "officer@example.test");

    private static async Task<T> WithAsync<T>(RequestFixture f, Func<BreachCommands, Task<T>> act)
    {
        await using var scope = f.Db.Scope();
        return await act(scope.ServiceProvider.GetRequiredService<BreachCommands>());
    }

    private static async Task<long> CountAsync(RequestFixture f, string sql) =>
        Convert.ToInt64((await f.Store.QueryAsync(sql)).Single()[0], CultureInfo.InvariantCulture);

    private static BreachInput Input(RequestFixture f, params string[] affected) =>
        new(f.Clock.GetUtcNow().UtcDateTime.AddHours(-3), f.Clock.GetUtcNow().UtcDateTime.AddHours(-1), "A laptop with an export of the order database was stolen from a car.", affected);

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task A_breach_counts_exactly_the_records_and_owners_the_data_map_says_it_touched(DatabaseProvider provider)
    {
        var f = await RequestFixture.CreateAsync(provider, "flex-as", "ledger", "FLEX_LEDGER_DB", people: 15);
        var invoices = await CountAsync(f, "SELECT COUNT(*) FROM invoices");
        var invoiced = await CountAsync(f, "SELECT COUNT(DISTINCT client_id) FROM invoices");
        var clients = await CountAsync(f, "SELECT COUNT(*) FROM clients");
        var employees = await CountAsync(f, "SELECT COUNT(*) FROM employees");
        invoiced.ShouldBeInRange(1, clients - 1);

        var one = (await WithAsync(f, c => c.RegisterAsync(f.Tenant, Officer, Input(f, "ledger.db.invoices"), default))).Value.ShouldNotBeNull();
        var counts = BreachCounts.Read(one.CountsJson).ShouldNotBeNull();
        counts.Records.ShouldBe(invoices, one.CountsJson);
        counts.People.ShouldBe(invoiced);

        // Clients and employees are both people, numbered from 1 each: client 1 and employee 1 are two people.
        var whole = (await WithAsync(f, c => c.RegisterAsync(f.Tenant, Officer, Input(f, "ledger"), default))).Value.ShouldNotBeNull();
        whole.Affected.ShouldBe("ledger.db.clients ledger.db.employees ledger.db.invoices");
        var all = BreachCounts.Read(whole.CountsJson).ShouldNotBeNull();
        all.Records.ShouldBe(clients + employees + invoices);
        all.People.ShouldBe(clients + employees);
        all.Incomplete.ShouldBeFalse();
    }

    [Fact]
    public async Task Rows_two_references_from_the_person_are_counted_as_that_persons()
    {
        // The small business's datastore is SQLite by its data map: invoices belong to whoever owns their order.
        var f = await RequestFixture.CreateAsync(DatabaseProvider.Sqlite, "small-business", "erp", "ERP_DATABASE", people: 20);
        var invoiced = await CountAsync(f, "SELECT COUNT(DISTINCT o.customer_id) FROM invoices i JOIN orders o ON o.id = i.order_id");
        invoiced.ShouldBeInRange(1, await CountAsync(f, "SELECT COUNT(*) FROM customers") - 1);

        var breach = (await WithAsync(f, c => c.RegisterAsync(f.Tenant, Officer, Input(f, "erp.db.invoices"), default))).Value.ShouldNotBeNull();

        var counts = BreachCounts.Read(breach.CountsJson).ShouldNotBeNull();
        counts.Records.ShouldBe(await CountAsync(f, "SELECT COUNT(*) FROM invoices"), breach.CountsJson);
        counts.People.ShouldBe(invoiced);
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task Register_assess_and_notify_makes_the_notification_in_Danish_for_Datatilsynet_in_Denmark(DatabaseProvider provider)
    {
        var f = await RequestFixture.CreateAsync(provider, "flex4business", "billing", "FLEX4B_BILLING_DB", people: 12);
        var customers = await CountAsync(f, "SELECT COUNT(*) FROM customers");
        var breach = (await WithAsync(f, c => c.RegisterAsync(f.Tenant, Officer, Input(f, "billing.db.customers"), default))).Value.ShouldNotBeNull();
        breach.Status.ShouldBe(BreachStatus.Open);

        // Nothing is notified before the risk is assessed.
        (await WithAsync(f, c => c.NotifyAsync(f.Tenant, Officer, breach.Id, new NotificationInput(), default))).Failure.ShouldBeOfType<Conflict>();

        var assessed = await WithAsync(f, c => c.AssessAsync(f.Tenant, Officer, breach.Id,
            new AssessmentInput("risk", "Names, addresses and e-mail addresses of customers, unencrypted", "Phishing aimed at our customers", "The laptop's account is locked; customers are warned"), default));
        assessed.Value.ShouldNotBeNull().Breach.Status.ShouldBe(BreachStatus.Assessed);
        assessed.Value.Impact.ShouldNotBeNull().Subjects.Select(s => s.Key).ShouldBe(["customer"]);
        assessed.Value.Impact.DataCategories.Select(c => c.Key).ShouldBe(["account.customer_number", "contact.address", "contact.email", "contact.name"]);
        assessed.Value.Impact.HasSpecialCategories.ShouldBeFalse();

        f.Clock.Advance(TimeSpan.FromHours(5));
        var made = (await WithAsync(f, c => c.NotifyAsync(f.Tenant, Officer, breach.Id, new NotificationInput(), default))).Value.ShouldNotBeNull();

        made.Language.ShouldBe("da");
        made.Phase.ShouldBe(1);
        made.MadeAt.ShouldBe(f.Clock.GetUtcNow().UtcDateTime);
        made.Markdown.ShouldStartWith("# Anmeldelse af brud på persondatasikkerheden");
        made.Markdown.ShouldContain($"Omkring {customers} registrerede er berørt.");
        made.Markdown.ShouldContain($"Omkring {customers} registreringer er berørt.");
        made.Markdown.ShouldContain("- Kunder (fysiske personer og enkeltmandsvirksomheder)");
        made.Markdown.ShouldContain("Fakturering og bogføring");
        made.Markdown.ShouldContain("Phishing aimed at our customers");
        made.Markdown.ShouldContain("dansk tid");
        made.Markdown.ShouldNotContain("Anmeldelsen sker efter 72 timer");

        // A later phase says what it adds and keeps the first notification's time.
        f.Clock.Advance(TimeSpan.FromDays(4));
        var second = (await WithAsync(f, c => c.NotifyAsync(f.Tenant, Officer, breach.Id,
            new NotificationInput(Added: "The laptop was found; its disk was encrypted after all.", Measures: "The laptop is back; the disk was checked"), default))).Value.ShouldNotBeNull();
        second.Phase.ShouldBe(2);
        second.Markdown.ShouldContain("del 2");
        var view = (await WithAsync(f, c => c.CloseAsync(f.Tenant, Officer, breach.Id, default))).Value.ShouldNotBeNull();
        view.Breach.NotifiedAt.ShouldBe(made.MadeAt);
        view.Breach.Status.ShouldBe(BreachStatus.Closed);
        view.Notifications.Count.ShouldBe(2);
        view.Notifications[1].Added.ShouldBe("The laptop was found; its disk was encrypted after all.");
        view.Breach.Measures.ShouldBe("The laptop is back; the disk was checked");
        view.Breach.Consequences.ShouldBe("Phishing aimed at our customers");

        await using var scope = f.Db.Scope();
        var actions = await scope.ServiceProvider.GetRequiredService<LetheDbContext>().AuditEntries.IgnoreQueryFilters()
            .Where(a => a.TenantId == f.Tenant.Id && a.Action.StartsWith("breach.")).Select(a => a.Action).ToListAsync();
        actions.ShouldBe([AuditActions.BreachRegistered, AuditActions.BreachAssessed, AuditActions.BreachNotified, AuditActions.BreachNotified, AuditActions.BreachClosed], ignoreOrder: true);
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task A_later_phase_says_what_it_adds_and_when_and_the_notification_starts_with_it(DatabaseProvider provider)
    {
        var f = await RequestFixture.CreateAsync(provider, "flex4business", "billing", "FLEX4B_BILLING_DB", people: 4);
        var breach = (await WithAsync(f, c => c.RegisterAsync(f.Tenant, Officer, Input(f, "billing.db.customers"), default))).Value.ShouldNotBeNull();
        await WithAsync(f, c => c.AssessAsync(f.Tenant, Officer, breach.Id, new AssessmentInput("risk", "Contact data", "Not known yet", "Passwords reset"), default));

        // The first notification states the assessment as it stands: what a phase adds has no place in it yet.
        var early = await WithAsync(f, c => c.NotifyAsync(f.Tenant, Officer, breach.Id, new NotificationInput(Added: "x", Consequences: "y"), default));
        early.Failure.ShouldBeOfType<InvalidInput>().Errors.Keys.ShouldBe(["added", "consequences"], ignoreOrder: true);
        var first = (await WithAsync(f, c => c.NotifyAsync(f.Tenant, Officer, breach.Id, new NotificationInput(), default))).Value.ShouldNotBeNull();
        first.Added.ShouldBeNull();

        // A phase that adds nothing is refused, naming the field; so is one too long to keep.
        f.Clock.Advance(TimeSpan.FromDays(2));
        var empty = await WithAsync(f, c => c.NotifyAsync(f.Tenant, Officer, breach.Id, new NotificationInput(Added: "  "), default));
        empty.Failure.ShouldBeOfType<InvalidInput>().Errors.Keys.ShouldBe(["added"]);
        var long_ = await WithAsync(f, c => c.NotifyAsync(f.Tenant, Officer, breach.Id, new NotificationInput(Added: "a", Consequences: new string('c', BreachCommands.TextLimit + 1)), default));
        long_.Failure.ShouldBeOfType<InvalidInput>().Errors.Keys.ShouldBe(["consequences"]);

        var second = (await WithAsync(f, c => c.NotifyAsync(f.Tenant, Officer, breach.Id,
            new NotificationInput(Added: "The forensic report: 4 <b>customers</b> were read.", Consequences: "Targeted phishing"), default))).Value.ShouldNotBeNull();
        second.Phase.ShouldBe(2);
        second.MadeAt.ShouldBe(f.Clock.GetUtcNow().UtcDateTime);
        second.Added.ShouldBe("The forensic report: 4 <b>customers</b> were read.");
        var added = second.Markdown.IndexOf("## Hvad denne del tilføjer", StringComparison.Ordinal);
        added.ShouldBeGreaterThan(0);
        added.ShouldBeLessThan(second.Markdown.IndexOf("## Bruddets karakter", StringComparison.Ordinal), second.Markdown);
        AuthorityNotification.Html(second.Markdown).ShouldNotContain("<b>customers</b>");
        second.Markdown.ShouldContain("Targeted phishing");
        second.Markdown.ShouldContain("Passwords reset");

        var view = (await WithAsync(f, c => c.GetAsync(f.Tenant, Officer, breach.Id, default))).Value.ShouldNotBeNull();
        view.Notifications.Select(n => (n.Phase, n.Added)).ShouldBe([(1, null), (2, "The forensic report: 4 <b>customers</b> were read.")]);
        view.Breach.Consequences.ShouldBe("Targeted phishing");
        view.Breach.NotifiedAt.ShouldBe(first.MadeAt);

        // The audit says which statements the phase replaced, never their words.
        await using var scope = f.Db.Scope();
        var notified = await scope.ServiceProvider.GetRequiredService<LetheDbContext>().AuditEntries.IgnoreQueryFilters()
            .Where(a => a.TenantId == f.Tenant.Id && a.Action == AuditActions.BreachNotified).ToListAsync();
        notified.Count.ShouldBe(2);
        notified.ShouldContain(a => a.Details.Contains("\"changed\":\"consequences\"", StringComparison.Ordinal));
        notified.ShouldAllBe(a => !a.Details.Contains("phishing", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task A_late_notification_in_Norway_needs_its_reason_is_in_Norwegian_and_calls_out_national_identity_numbers(DatabaseProvider provider)
    {
        var f = await RequestFixture.CreateAsync(provider, "flex-as", "ledger", "FLEX_LEDGER_DB", people: 10);
        f.Tenant.Country = Country.NO;
        f.Tenant.SupervisoryAuthority = "Datatilsynet";
        var employees = await CountAsync(f, "SELECT COUNT(*) FROM employees");
        var breach = (await WithAsync(f, c => c.RegisterAsync(f.Tenant, Officer, Input(f, "ledger.db.employees"), default))).Value.ShouldNotBeNull();
        var assessed = (await WithAsync(f, c => c.AssessAsync(f.Tenant, Officer, breach.Id, new AssessmentInput("high_risk", "Fødselsnumre og lønn", null, null), default))).Value.ShouldNotBeNull();
        assessed.Impact.ShouldNotBeNull().HasNationalIds.ShouldBeTrue();
        assessed.Impact.DataCategories.Single(c => c.NationalId).Key.ShouldBe("identity.national_id");

        f.Clock.Advance(TimeSpan.FromHours(72));
        var late = await WithAsync(f, c => c.NotifyAsync(f.Tenant, Officer, breach.Id, new NotificationInput(" "), default));
        late.Failure.ShouldBeOfType<InvalidInput>().Errors.Keys.ShouldBe(["lateReason"]);

        var made = (await WithAsync(f, c => c.NotifyAsync(f.Tenant, Officer, breach.Id, new NotificationInput("Leverandøren varslet oss først på dag fire"), default))).Value.ShouldNotBeNull();
        made.Language.ShouldBe("nb");
        made.Markdown.ShouldStartWith("# Melding om brudd på personopplysningssikkerheten");
        made.Markdown.ShouldContain("**fødselsnummer**");
        made.Markdown.ShouldContain($"Omtrent {employees} registrerte er berørt.");
        made.Markdown.ShouldContain("Meldingen kommer etter 72 timer fordi: Leverandøren varslet oss først på dag fire");
        made.Markdown.ShouldContain("Regnskaps- og lønnssystem");
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task A_notification_sent_in_time_and_recorded_after_the_72_hours_is_on_time_and_a_preview_records_nothing(DatabaseProvider provider)
    {
        var f = await RequestFixture.CreateAsync(provider, "flex-as", "ledger", "FLEX_LEDGER_DB", people: 3);
        var breach = (await WithAsync(f, c => c.RegisterAsync(f.Tenant, Officer, Input(f, "ledger.db.employees"), default))).Value.ShouldNotBeNull();
        (await WithAsync(f, c => c.AssessAsync(f.Tenant, Officer, breach.Id, new AssessmentInput("risk", "Names and salaries", null, null), default))).Succeeded.ShouldBeTrue();
        var aware = breach.AwareAt;

        f.Clock.Advance(TimeSpan.FromHours(70));
        var previewed = (await WithAsync(f, c => c.PreviewNotificationAsync(f.Tenant, Officer, breach.Id, new NotificationInput(), default))).Value.ShouldNotBeNull();
        previewed.Markdown.ShouldNotBeEmpty();
        var untouched = (await WithAsync(f, c => c.GetAsync(f.Tenant, Officer, breach.Id, default))).Value.ShouldNotBeNull();
        untouched.Breach.NotifiedAt.ShouldBeNull("a preview records nothing");
        untouched.Notifications.ShouldBeEmpty();

        // Sent through the authority's form at hour 71, recorded at hour 74: on time, and no late reason is asked for.
        var sent = aware.AddHours(71);
        f.Clock.Advance(TimeSpan.FromHours(4));
        var future = await WithAsync(f, c => c.NotifyAsync(f.Tenant, Officer, breach.Id, new NotificationInput(SentAt: f.Clock.GetUtcNow().UtcDateTime.AddHours(1)), default));
        future.Failure.ShouldBeOfType<InvalidInput>().Errors.Keys.ShouldContain("sentAt");
        var early = await WithAsync(f, c => c.NotifyAsync(f.Tenant, Officer, breach.Id, new NotificationInput(SentAt: aware.AddMinutes(-1)), default));
        early.Failure.ShouldBeOfType<InvalidInput>().Errors.Keys.ShouldBe(["sentAt"]);
        var made = (await WithAsync(f, c => c.NotifyAsync(f.Tenant, Officer, breach.Id, new NotificationInput(SentAt: sent), default))).Value.ShouldNotBeNull();

        made.MadeAt.ShouldBe(sent);
        var after = (await WithAsync(f, c => c.GetAsync(f.Tenant, Officer, breach.Id, default))).Value.ShouldNotBeNull();
        after.Breach.NotifiedAt.ShouldNotBeNull().ShouldBe(sent, TimeSpan.FromMilliseconds(1));
        after.Breach.LateReason.ShouldBeNull();
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task A_part_the_data_map_does_not_hold_is_refused_naming_the_field(DatabaseProvider provider)
    {
        var f = await RequestFixture.CreateAsync(provider, "flex-as", "ledger", "FLEX_LEDGER_DB", people: 3);
        var refused = await WithAsync(f, c => c.RegisterAsync(f.Tenant, Officer, Input(f, "ledger.db.payroll"), default));
        var errors = refused.Failure.ShouldBeOfType<InvalidInput>().Errors;
        errors.Keys.ShouldBe(["affected"]);
        errors["affected"][0].ShouldContain("ledger.db.payroll");

        var future = await WithAsync(f, c => c.RegisterAsync(f.Tenant, Officer, new BreachInput(null, f.Clock.GetUtcNow().UtcDateTime.AddDays(1), "x", ["ledger"]), default));
        future.Failure.ShouldBeOfType<InvalidInput>().Errors.Keys.ShouldBe(["awareAt"]);
        (await WithAsync(f, c => c.ListAsync(f.Tenant, Officer, default))).ShouldBeEmpty();
    }
}
