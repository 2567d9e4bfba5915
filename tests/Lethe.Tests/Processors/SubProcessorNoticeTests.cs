using Lethe.Audit;
using Lethe.Common;
using Lethe.DataMap;
using Lethe.Processors;
using Lethe.Storage;
using Lethe.Tenancy;
using Lethe.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Lethe.Tests.Processors;

public sealed class SubProcessorNoticeTests
{
    private const string NewSubProcessor = """
          - key: sms
            name: Nordic SMS Gateway AB
            service:
              en: Sending text messages for customers' solutions
              da: Afsendelse af sms'er til kundernes løsninger
            location: SE
            role: sub-processor
            agreementDate: 2026-11-01
            agreementReference: DPA-SMS-1
            noticePeriod: P14D

        """;

    private static string WithNewSubProcessor(string yaml) => yaml.Replace("retention:\n", NewSubProcessor.Replace("\r", "", StringComparison.Ordinal) + "retention:\n", StringComparison.Ordinal);

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task A_new_sub_processor_opens_the_notice_reaches_every_customer_admin_and_no_one_else_and_an_objection_reaches_the_processor(DatabaseProvider provider)
    {
        var clock = new FakeTimeProvider(TestClock.Start);
        await using var db = await TestDatabase.CreateAsync(provider, clock);
        var flexfone = await db.CreateTenantAsync("flexfone");
        var yaml = ProcessorTenants.SampleYaml("flexfone");
        await db.ImportAsync(flexfone, yaml);
        var bakery = await db.CustomerAsync("bakery", flexfone);
        var dentist = await db.CustomerAsync("dentist", flexfone);
        var stranger = await db.CustomerAsync("stranger", null);
        await db.GrantAsync("owner@bakery.example", Role.CustomerAdmin, bakery);
        await db.GrantAsync("it@bakery.example", Role.CustomerAdmin, bakery);
        await db.GrantAsync("admin@stranger.example", Role.CustomerAdmin, stranger);
        // The processor's own officer may work in the customer's tenant; it is not the controller and is not asked.
        await db.GrantAsync("officer@flexfone.example", Role.PrivacyOfficer, bakery);

        var imported = await db.ImportAsync(flexfone, WithNewSubProcessor(yaml));

        await using (var scope = db.Scope())
        {
            var notices = scope.ServiceProvider.GetRequiredService<SubProcessorNotices>();
            var change = (await notices.ForProcessorAsync(flexfone, default)).ShouldHaveSingleItem();
            change.Change.ProcessorKey.ShouldBe("sms");
            change.Change.Replaces.ShouldBeNull();
            change.Change.DataMapRevision.ShouldBe(imported.Revision);
            change.Change.EffectiveAt.ShouldBe(clock.GetUtcNow().UtcDateTime.AddDays(14));
            change.Customers.Select(c => c.Customer.Slug).ShouldBe(["bakery", "dentist"]);
            change.Customers.Single(c => c.Customer.Slug == "bakery").Notice.Mailed.ShouldBe(2);
            change.Customers.Single(c => c.Customer.Slug == "dentist").Notice.Mailed.ShouldBe(1);
        }

        var owner = (await Mailbox.DeliverAndReadAsync(db, "owner@bakery.example")).ShouldHaveSingleItem();
        owner.Subject.ShouldBe("Flexfone A/S ændrer sine underdatabehandlere");
        owner.TextBody.ShouldNotBeNull().ShouldContain("Nordic SMS Gateway AB (SE) tilføjes som underdatabehandler.");
        owner.TextBody.ShouldContain("Afsendelse af sms'er til kundernes løsninger");
        owner.TextBody.ShouldContain($"{TestDatabase.PublicUrl}/t/bakery/sub-processors");
        (await Mailbox.DeliverAndReadAsync(db, "it@bakery.example")).Count.ShouldBe(1);
        (await Mailbox.DeliverAndReadAsync(db, "contact@dentist.example")).Count.ShouldBe(1);
        (await Mailbox.DeliverAndReadAsync(db, "officer@flexfone.example")).ShouldBeEmpty();
        (await Mailbox.DeliverAndReadAsync(db, "admin@stranger.example")).ShouldBeEmpty();
        (await Mailbox.DeliverAndReadAsync(db, "contact@bakery.example")).ShouldBeEmpty();
        (await Mailbox.DeliverAndReadAsync(db, "contact@stranger.example")).ShouldBeEmpty();

        var admin = AuditActor.User("owner", "owner@bakery.example");
        var seen = await WithAsync(db, n => n.ForCustomerAsync(bakery, default));
        seen.Processor.ShouldNotBeNull().Slug.ShouldBe("flexfone");
        // Announced, not in use: the customer may object for 14 days, and until then the SMS gateway gets none of its data.
        seen.SubProcessors.Select(s => (s.Processor.Key, s.InUse, s.TakesEffectAt)).ShouldBe(
            [("tdc", true, null), ("sms", false, clock.GetUtcNow().UtcDateTime.AddDays(14))]);
        seen.InUse.ShouldHaveSingleItem().Processor.Key.ShouldBe("tdc");
        var notice = seen.Notices.ShouldHaveSingleItem();
        (await WithAsync(db, n => n.ForCustomerAsync(stranger, default))).Notices.ShouldBeEmpty();

        (await WithAsync(db, n => n.ObjectAsync(bakery, admin, notice.Id, "  ", default))).Failure.ShouldBeOfType<InvalidInput>();
        // A customer cannot answer another customer's notice: it is not there to be found.
        (await WithAsync(db, n => n.ObjectAsync(dentist, admin, notice.Id, "No.", default))).Failure.ShouldBeOfType<NotFound>();
        clock.Advance(TimeSpan.FromDays(3));
        var objected = (await WithAsync(db, n => n.ObjectAsync(bakery, admin, notice.Id, "Our customers' numbers may not leave Denmark.", default))).Value.ShouldNotBeNull();
        objected.ObjectedAt.ShouldBe(clock.GetUtcNow().UtcDateTime);
        (await WithAsync(db, n => n.ObjectAsync(bakery, admin, notice.Id, "Again.", default))).Failure.ShouldBeOfType<Conflict>();

        await using (var scope = db.Scope())
        {
            var change = (await scope.ServiceProvider.GetRequiredService<SubProcessorNotices>().ForProcessorAsync(flexfone, default)).Single();
            var bakeryAnswer = change.Customers.Single(c => c.Customer.Slug == "bakery").Notice;
            bakeryAnswer.Objection.ShouldBe("Our customers' numbers may not leave Denmark.");
            bakeryAnswer.ObjectedBy.ShouldBe("owner@bakery.example");
            change.Customers.Single(c => c.Customer.Slug == "dentist").Notice.ObjectedAt.ShouldBeNull();

            var actions = await scope.ServiceProvider.GetRequiredService<LetheDbContext>().AuditEntries.IgnoreQueryFilters()
                .Where(a => a.Action.StartsWith("sub-processor.")).Select(a => new { a.Action, a.TenantId }).ToListAsync();
            actions.ShouldContain(new { Action = AuditActions.SubProcessorChangeOpened, TenantId = (Guid?)flexfone.Id });
            actions.ShouldContain(new { Action = AuditActions.SubProcessorObjected, TenantId = (Guid?)bakery.Id });
        }

        // After the period the change has taken effect and an objection is too late.
        clock.Advance(TimeSpan.FromDays(11));
        var dentistSees = await WithAsync(db, n => n.ForCustomerAsync(dentist, default));
        dentistSees.SubProcessors.ShouldAllBe(s => s.InUse);
        dentistSees.SubProcessors.Select(s => s.Processor.Key).ShouldBe(["tdc", "sms"]);
        var dentistNotice = dentistSees.Notices.Single();
        (await WithAsync(db, n => n.ObjectAsync(dentist, admin, dentistNotice.Id, "Too late?", default))).Failure.ShouldBeOfType<Conflict>();
    }

    private static async Task<T> WithAsync<T>(TestDatabase db, Func<SubProcessorNotices, Task<T>> act)
    {
        await using var scope = db.Scope();
        return await act(scope.ServiceProvider.GetRequiredService<SubProcessorNotices>());
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task A_replaced_sub_processor_is_announced_and_a_first_data_map_or_an_unchanged_one_announces_nothing(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var flexfone = await db.CreateTenantAsync("flexfone-b");
        await db.CustomerAsync("bakery-b", flexfone);
        var yaml = ProcessorTenants.SampleYaml("flexfone");
        await db.ImportAsync(flexfone, yaml);
        await db.ImportAsync(flexfone, yaml.Replace("# nothing", "", StringComparison.Ordinal) + "\n");
        await using (var scope = db.Scope())
        {
            (await scope.ServiceProvider.GetRequiredService<SubProcessorNotices>().ForProcessorAsync(flexfone, default)).ShouldBeEmpty();
        }

        await db.ImportAsync(flexfone, yaml.Replace("name: TDC Holding A/S", "name: Telia Danmark", StringComparison.Ordinal));
        await using (var scope = db.Scope())
        {
            var change = (await scope.ServiceProvider.GetRequiredService<SubProcessorNotices>().ForProcessorAsync(flexfone, default)).ShouldHaveSingleItem();
            change.Change.Name.ShouldBe("Telia Danmark");
            change.Change.Replaces.ShouldBe("TDC Holding A/S");
            change.Customers.ShouldHaveSingleItem();
        }

        (await Mailbox.DeliverAndReadAsync(db, "contact@bakery-b.example")).ShouldHaveSingleItem()
            .TextBody.ShouldNotBeNull().ShouldContain("Telia Danmark (DK) erstatter TDC Holding A/S som underdatabehandler.");
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task Only_someone_who_edits_both_tenants_links_a_customer_to_its_processor(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var processor = await db.CreateTenantAsync("proc-c");
        var customer = await db.CreateTenantAsync("cust-c");
        await db.GrantAsync("officer@cust.example", Role.PrivacyOfficer, customer);
        await using var scope = db.Scope();
        var access = await scope.ServiceProvider.GetRequiredService<LetheDbContext>().RoleAssignments.Where(a => a.TenantId == customer.Id).ToListAsync();
        var officer = Access.ForUser(access);
        var commands = scope.ServiceProvider.GetRequiredService<ServedByCommands>();

        (await commands.SetAsync(officer, AuditActor.System, customer, "proc-c", default)).Failure.ShouldBeOfType<InvalidInput>();
        (await commands.SetAsync(Access.Operator, AuditActor.System, customer, "cust-c", default)).Failure.ShouldBeOfType<InvalidInput>();
        (await commands.SetAsync(Access.Operator, AuditActor.System, customer, "proc-c", default)).Value.ShouldNotBeNull().ServedBy.ShouldBe(processor.Id);
        (await commands.SetAsync(Access.Operator, AuditActor.System, processor, "cust-c", default)).Failure.ShouldBeOfType<InvalidInput>();
        (await commands.SetAsync(officer, AuditActor.System, customer, null, default)).Value.ShouldNotBeNull().ServedBy.ShouldBeNull();

        // From the processor's side, the customer must be one the caller edits, and a customer has one processor at a time.
        var other = await db.CreateTenantAsync("proc-d");
        (await commands.ServeAsync(Access.Operator, AuditActor.System, processor, "no-such-tenant", serve: true, default)).Failure.ShouldBeOfType<InvalidInput>();
        (await commands.ServeAsync(Access.Operator, AuditActor.System, processor, "cust-c", serve: false, default)).Failure.ShouldBeOfType<InvalidInput>();
        (await commands.ServeAsync(Access.Operator, AuditActor.System, processor, "cust-c", serve: true, default)).Value.ShouldNotBeNull().ServedBy.ShouldBe(processor.Id);
        (await commands.ServeAsync(Access.Operator, AuditActor.System, other, "cust-c", serve: true, default)).Failure.ShouldBeOfType<Conflict>()
            .Detail.ShouldContain("stop that link first");
        var otherOfficer = Access.ForUser([new RoleAssignment { UserId = "o", Role = Role.PrivacyOfficer, TenantId = processor.Id }]);
        (await commands.ServeAsync(otherOfficer, AuditActor.System, processor, "cust-c", serve: false, default)).Failure.ShouldBeOfType<InvalidInput>();
        (await commands.ServeAsync(Access.Operator, AuditActor.System, processor, "cust-c", serve: false, default)).Value.ShouldNotBeNull().ServedBy.ShouldBeNull();
    }
}
