using Lethe.Audit;
using Lethe.Breaches;
using Lethe.Common;
using Lethe.Processors;
using Lethe.Storage;
using Lethe.Tenancy;
using Lethe.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Tests.Processors;

public sealed class ControllerBreachNoticeTests
{
    private static readonly AuditActor Officer = AuditActor.User("officer", "officer@flex4business.example");

    private static async Task<T> WithAsync<T>(TestDatabase db, Func<IServiceProvider, Task<T>> act)
    {
        await using var scope = db.Scope();
        return await act(scope.ServiceProvider);
    }

    private static async Task<Breach> RegisterAsync(RequestFixture f, string affected) =>
        (await WithAsync(f.Db, s => s.GetRequiredService<BreachCommands>().RegisterAsync(f.Tenant, Officer, new BreachInput(
            f.Clock.GetUtcNow().UtcDateTime.AddHours(-4), f.Clock.GetUtcNow().UtcDateTime.AddHours(-2),
            "A backup of the billing database was left readable on a public file share.", [affected]), default))).Value.ShouldNotBeNull();

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task A_processors_breach_reaches_each_controller_it_serves_and_no_other(DatabaseProvider provider)
    {
        var f = await RequestFixture.CreateAsync(provider, "flex4business", "billing", "FLEX4B_BILLING_DB", people: 6);
        var bakery = await f.Db.CustomerAsync("bakery", f.Tenant);
        var fjord = await f.Db.CustomerAsync("fjord", f.Tenant);
        var stranger = await f.Db.CustomerAsync("stranger", null);
        await f.Db.GrantAsync("owner@bakery.example", Role.CustomerAdmin, bakery);
        await f.Db.GrantAsync("admin@stranger.example", Role.CustomerAdmin, stranger);
        await using (var scope = f.Db.Scope())
        {
            // A Norwegian customer reads its notice in Norwegian.
            await scope.ServiceProvider.GetRequiredService<LetheDbContext>().Tenants.Where(t => t.Id == fjord.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.Country, Country.NO));
        }

        var breach = await RegisterAsync(f, "billing.db.customers");
        await WithAsync(f.Db, s => s.GetRequiredService<BreachCommands>().AssessAsync(f.Tenant, Officer, breach.Id,
            new AssessmentInput("risk", "Names and e-mail addresses", "Phishing", "The share is closed; the backup is deleted"), default));
        f.Clock.Advance(TimeSpan.FromMinutes(30));

        var sent = (await WithAsync(f.Db, s => s.GetRequiredService<ControllerBreachNotices>().SendAsync(f.Tenant, Officer, breach.Id, null, default))).Value.ShouldNotBeNull();

        sent.Select(n => n.Controller.Slug).ShouldBe(["bakery", "fjord"]);
        sent.ShouldAllBe(n => n.Notice.SentAt == f.Clock.GetUtcNow().UtcDateTime && n.Notice.SentBy == "officer@flex4business.example");
        var danish = sent[0].Notice;
        danish.Language.ShouldBe("da");
        danish.Markdown.ShouldStartWith("# Meddelelse om brud på persondatasikkerheden fra jeres databehandler");
        danish.Markdown.ShouldContain("A backup of the billing database was left readable on a public file share.");
        danish.Markdown.ShouldContain("Databehandleren blev opmærksom på bruddet:");
        danish.Markdown.ShouldContain("The share is closed; the backup is deleted");
        danish.Markdown.ShouldContain("Antallet for jer kendes endnu ikke");
        danish.Markdown.ShouldContain("Kunder (fysiske personer og enkeltmandsvirksomheder)");
        sent[1].Notice.Language.ShouldBe("nb");
        sent[1].Notice.Markdown.ShouldContain("Databehandleren ble kjent med bruddet:");

        var bakeryMail = (await Mailbox.DeliverAndReadAsync(f.Db, "owner@bakery.example")).ShouldHaveSingleItem();
        bakeryMail.Subject.ShouldBe($"{f.Tenant.Name}: brud på persondatasikkerheden, der vedrører {bakery.Name}");
        bakeryMail.TextBody.ShouldNotBeNull().ShouldContain($"{TestDatabase.PublicUrl}/t/bakery/breaches");
        (await Mailbox.DeliverAndReadAsync(f.Db, "contact@fjord.example")).Count.ShouldBe(1);
        (await Mailbox.DeliverAndReadAsync(f.Db, "admin@stranger.example")).ShouldBeEmpty();
        (await Mailbox.DeliverAndReadAsync(f.Db, "contact@stranger.example")).ShouldBeEmpty();
        (await Mailbox.DeliverAndReadAsync(f.Db, "contact@bakery.example")).ShouldBeEmpty();

        (await WithAsync(f.Db, s => s.GetRequiredService<ControllerBreachNotices>().ForControllerAsync(bakery, default))).ShouldHaveSingleItem()
            .Processor.Id.ShouldBe(f.Tenant.Id);
        (await WithAsync(f.Db, s => s.GetRequiredService<ControllerBreachNotices>().ForControllerAsync(stranger, default))).ShouldBeEmpty();
        (await WithAsync(f.Db, s => s.GetRequiredService<ControllerBreachNotices>().ForBreachAsync(f.Tenant, breach.Id, default))).Count.ShouldBe(2);

        // Told once: sending again tells no one twice.
        (await WithAsync(f.Db, s => s.GetRequiredService<ControllerBreachNotices>().SendAsync(f.Tenant, Officer, breach.Id, null, default))).Failure.ShouldBeOfType<Conflict>();
        var audited = await WithAsync(f.Db, s => s.GetRequiredService<LetheDbContext>().AuditEntries.IgnoreQueryFilters()
            .CountAsync(a => a.Action == AuditActions.ControllerBreachNoticeSent && a.TenantId == f.Tenant.Id));
        audited.ShouldBe(2);
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task Named_controllers_get_their_own_counts_and_a_breach_of_the_companys_own_systems_goes_to_none(DatabaseProvider provider)
    {
        var f = await RequestFixture.CreateAsync(provider, "flex4business", "billing", "FLEX4B_BILLING_DB", people: 4);
        var bakery = await f.Db.CustomerAsync("bakery", f.Tenant);
        await f.Db.CustomerAsync("dentist", f.Tenant);
        var other = await f.Db.CreateTenantAsync("other-processor");
        await f.Db.CustomerAsync("elsewhere", other);
        var breach = await RegisterAsync(f, "billing.db.customers");
        var notices = (IServiceProvider s) => s.GetRequiredService<ControllerBreachNotices>();

        var refused = (await WithAsync(f.Db, s => notices(s).SendAsync(f.Tenant, Officer, breach.Id, [new ControllerCount("elsewhere", 1, 1)], default))).Failure;
        refused.ShouldBeOfType<InvalidInput>().Errors.Keys.ShouldBe(["controllers[0].tenant"]);

        var sent = (await WithAsync(f.Db, s => notices(s).SendAsync(f.Tenant, Officer, breach.Id, [new ControllerCount("bakery", 1234, 5678)], default))).Value.ShouldNotBeNull();
        var only = sent.ShouldHaveSingleItem();
        only.Controller.Id.ShouldBe(bakery.Id);
        (only.Notice.People, only.Notice.Records).ShouldBe((1234L, 5678L));
        only.Notice.Markdown.ShouldContain("Omkring 1.234 registrerede er berørt.");
        only.Notice.Markdown.ShouldContain("Omkring 5.678 registreringer er berørt.");

        // The rest are told later, without counts yet.
        (await WithAsync(f.Db, s => notices(s).SendAsync(f.Tenant, Officer, breach.Id, null, default))).Value.ShouldNotBeNull()
            .Select(n => n.Controller.Slug).ShouldBe(["dentist"]);

        // Once the data map says which systems hold the customers' data, a breach of the company's own website tells no customer.
        var yaml = (await WithAsync(f.Db, s => s.GetRequiredService<Lethe.DataMap.DataMapCommands>().CurrentAsync(f.Tenant, default))).ShouldNotBeNull().Yaml;
        await f.Db.ImportAsync(f.Tenant, yaml.Replace("  categories: [contact.name, contact.email, contact.phone]\nprocessors:",
            "  categories: [contact.name, contact.email, contact.phone]\n  systems: [billing]\nprocessors:", StringComparison.Ordinal));
        var website = await RegisterAsync(f, "website");
        (await WithAsync(f.Db, s => notices(s).SendAsync(f.Tenant, Officer, website.Id, null, default))).Failure.ShouldBeOfType<Conflict>();
        (await WithAsync(f.Db, s => notices(s).SendAsync(f.Tenant, Officer, Guid.NewGuid(), null, default))).Failure.ShouldBeOfType<NotFound>();
    }

    /// <summary>
    /// Flexfone's telephony platform says whose customer each employee is (<c>customers</c> is <c>is: customer</c>): a
    /// breach of the call recordings is counted per customer by the customer keys of the linked tenants, told only to
    /// the customers it touched, and the counts are those a plain join over the platform's tables gives.
    /// </summary>
    [Theory]
    [ClassData(typeof(Databases))]
    public async Task A_breach_is_counted_per_customer_by_its_key_and_told_only_to_the_customers_it_touched(DatabaseProvider provider)
    {
        var f = await RequestFixture.CreateAsync(provider, "flexfone", "pbx", "FLEXFONE_PBX_DB", people: 8);
        // The oracle, written apart from the engine: recordings per customer through the employee who made them.
        var perCustomer = (await f.Store.QueryAsync(
                "SELECT c.id, COUNT(r.id), COUNT(DISTINCT r.employee_id) FROM customers c JOIN employees e ON e.customer_id = c.id "
                + "JOIN call_recordings r ON r.employee_id = e.id GROUP BY c.id ORDER BY COUNT(r.id) DESC"))
            .Select(r => (Key: Convert.ToString(r[0], System.Globalization.CultureInfo.InvariantCulture)!, Records: Convert.ToInt64(r[1], System.Globalization.CultureInfo.InvariantCulture), People: Convert.ToInt64(r[2], System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();
        perCustomer.Count.ShouldBeGreaterThan(1);
        var (busy, quiet) = (perCustomer[0], perCustomer[1]);
        // A customer whose people made no recordings is not touched by the breach.
        await f.Store.ExecuteAsync($"DELETE FROM call_recordings WHERE employee_id IN (SELECT id FROM employees WHERE customer_id = {quiet.Key})");

        var commands = (IServiceProvider s) => s.GetRequiredService<ServedByCommands>();
        async Task<Tenant> LinkAsync(string slug, string? key)
        {
            var customer = await f.Db.CustomerAsync(slug, null);
            return (await WithAsync(f.Db, s => commands(s).ServeAsync(Access.Operator, Officer, f.Tenant, slug, serve: true, default, key))).Value.ShouldNotBeNull();
        }

        var bakery = await LinkAsync("bakery", busy.Key);
        await LinkAsync("quiet", quiet.Key);
        var unknown = await LinkAsync("unknown-key", "999999");
        var unkeyed = await LinkAsync("no-key", null);
        // Two customers on one key would each be told of the other's people.
        var clash = await f.Db.CustomerAsync("clash", null);
        (await WithAsync(f.Db, s => commands(s).ServeAsync(Access.Operator, Officer, f.Tenant, "clash", serve: true, default, busy.Key))).Failure
            .ShouldBeOfType<InvalidInput>().Errors.Keys.ShouldBe(["customerKey"]);
        clash.ServedBy.ShouldBeNull();

        var breach = await RegisterAsync(f, "pbx.db.call_recordings");
        var counted = (await WithAsync(f.Db, s => s.GetRequiredService<ControllerBreachNotices>().CountAsync(f.Tenant, breach.Id, default))).Value.ShouldNotBeNull();
        var bySlug = counted.ToDictionary(c => c.Customer.Slug);
        bySlug["bakery"].Counts.ShouldNotBeNull().Records.ShouldBe(busy.Records);
        bySlug["bakery"].Counts!.People.ShouldBe(busy.People);
        bySlug["quiet"].Counted.ShouldBeTrue();
        bySlug["quiet"].Affected.ShouldBeFalse();
        bySlug["unknown-key"].Counts.ShouldNotBeNull().Datastores.ShouldHaveSingleItem().Problem.ShouldNotBeNull().ShouldContain("'999999' is not in pbx.db.customers");
        bySlug["no-key"].Counts.ShouldBeNull();

        var sent = (await WithAsync(f.Db, s => s.GetRequiredService<ControllerBreachNotices>().SendAsync(f.Tenant, Officer, breach.Id, null, default))).Value.ShouldNotBeNull();
        sent.Select(n => n.Controller.Slug).ShouldBe(["bakery", "no-key", "unknown-key"]);
        var toBakery = sent[0].Notice;
        (toBakery.People, toBakery.Records).ShouldBe((busy.People, busy.Records));
        toBakery.Markdown.ShouldContain($"Omkring {busy.People} registrerede er berørt.");
        sent.Where(n => n.Controller.Id == unknown.Id || n.Controller.Id == unkeyed.Id).ShouldAllBe(n => n.Notice.People == null && n.Notice.Records == null);
        (await Mailbox.DeliverAndReadAsync(f.Db, "contact@quiet.example")).ShouldBeEmpty();
        (await Mailbox.DeliverAndReadAsync(f.Db, "contact@bakery.example")).Count.ShouldBe(1);

        // The one left out was shown untouched; the officer may still tell it, and its count goes with it.
        var told = (await WithAsync(f.Db, s => s.GetRequiredService<ControllerBreachNotices>().SendAsync(f.Tenant, Officer, breach.Id, [new ControllerCount("quiet", null, null)], default)))
            .Value.ShouldNotBeNull().ShouldHaveSingleItem().Notice;
        (told.People, told.Records).ShouldBe((0L, 0L));
        (await WithAsync(f.Db, s => s.GetRequiredService<ControllerBreachNotices>().SendAsync(f.Tenant, Officer, breach.Id, null, default))).Failure.ShouldBeOfType<Conflict>();
    }
}
