using System.Globalization;
using Lethe.Audit;
using Lethe.Breaches;
using Lethe.Common;
using Lethe.Messages;
using Lethe.Storage;
using Lethe.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Lethe.Tests.Breaches;

/// <summary>Art. 34: the letters of a high-risk breach go to exactly the people the data map finds, once each, in their language.</summary>
public sealed class BreachLetterTests
{
    private static readonly AuditActor Officer = AuditActor.User("officer", "officer@example.test");

    /// <summary>Billing's customers get a column for their language, named by the data map as <c>contact.language</c>.</summary>
    private static string WithLanguage(string yaml)
    {
        const string erasure = "                erasure: hash\n";
        var email = yaml.IndexOf("              - name: email\n", yaml.IndexOf("key: billing", StringComparison.Ordinal), StringComparison.Ordinal);
        return yaml.Insert(yaml.IndexOf(erasure, email, StringComparison.Ordinal) + erasure.Length,
            "              - name: preferred_language\n                category: contact.language\n");
    }

    /// <summary>Flex AS's employees get an e-mail column, named by the data map only by its category.</summary>
    private static string WithEmployeeEmail(string yaml)
    {
        const string nationalId = "                identifies: national_id\n                erasure: set-null\n";
        return yaml.Insert(yaml.IndexOf(nationalId, StringComparison.Ordinal) + nationalId.Length,
            "              - name: email\n                category: contact.email\n");
    }

    private static async Task<T> WithAsync<T>(RequestFixture f, Func<BreachLetters, Task<T>> act)
    {
        await using var scope = f.Db.Scope();
        return await act(scope.ServiceProvider.GetRequiredService<BreachLetters>());
    }

    private static async Task<Breach> HighRiskAsync(RequestFixture f, string affected, string? measures = "Passwords reset; the laptop is wiped remotely")
    {
        await using var scope = f.Db.Scope();
        var commands = scope.ServiceProvider.GetRequiredService<BreachCommands>();
        var now = f.Clock.GetUtcNow().UtcDateTime;
        var breach = (await commands.RegisterAsync(f.Tenant, Officer, new BreachInput(now.AddHours(-3), now.AddHours(-1), "A laptop with the billing database was stolen.", [affected]), default))
            .Value.ShouldNotBeNull();
        (await commands.AssessAsync(f.Tenant, Officer, breach.Id, new AssessmentInput("high_risk", "Names and addresses, unencrypted", "Phishing in our name", measures), default))
            .Succeeded.ShouldBeTrue();
        return breach;
    }

    /// <summary>Delivers everything queued and reads every message the outbox wrote.</summary>
    private static async Task<IReadOnlyList<MimeMessage>> DeliverAllAsync(RequestFixture f)
    {
        var worker = f.Db.Services.GetRequiredService<OutboxWorker>();
        while (await worker.RunDueAsync(default) > 0)
        {
        }

        var directory = Path.Combine(f.Db.Settings.DataDirectory, "outbox");
        var messages = new List<MimeMessage>();
        foreach (var file in Directory.Exists(directory) ? Directory.EnumerateFiles(directory, "*.eml") : [])
        {
            messages.Add(await MimeMessage.LoadAsync(file));
        }

        return messages;
    }

    private static string Expected(object? language) => (language as string) switch
    {
        "nb-NO" => "nb",
        "English" => "en",
        _ => "da",
    };

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task A_high_risk_breach_writes_once_to_each_person_the_data_map_finds_in_their_language_and_to_nobody_else(DatabaseProvider provider)
    {
        var f = await RequestFixture.CreateAsync(provider, "flex4business", "billing", "FLEX4B_BILLING_DB", people: 24,
            manifest: WithLanguage);
        await f.Store.ExecuteAsync("ALTER TABLE customers ADD COLUMN preferred_language TEXT");
        await f.Store.ExecuteAsync("UPDATE customers SET preferred_language = CASE id % 4 WHEN 0 THEN 'da' WHEN 1 THEN 'nb-NO' WHEN 2 THEN 'English' ELSE NULL END");
        var invoiced = (await f.Store.QueryAsync("SELECT id FROM customers WHERE id IN (SELECT customer_id FROM invoices) ORDER BY id"))
            .Select(r => Convert.ToInt64(r[0], CultureInfo.InvariantCulture)).ToList();
        var all = Convert.ToInt64((await f.Store.QueryAsync("SELECT COUNT(*) FROM customers")).Single()[0], CultureInfo.InvariantCulture);
        invoiced.Count.ShouldBeInRange(6, (int)all - 1);
        // Two invoiced customers under one address (in another case), one erased, one with no address at all.
        await f.Store.ExecuteAsync($"UPDATE customers SET email = (SELECT upper(email) FROM customers WHERE id = {invoiced[0]}), preferred_language = (SELECT preferred_language FROM customers WHERE id = {invoiced[0]}) WHERE id = {invoiced[1]}");
        await f.Store.ExecuteAsync($"UPDATE customers SET email = 'hmac:0123456789abcdef0123456789abcdef' WHERE id = {invoiced[2]}");
        await f.Store.ExecuteAsync($"UPDATE customers SET email = NULL WHERE id = {invoiced[3]}");

        // Computed here by plain SQL, not by Lethe: the owners of invoices are their customers.
        var expected = (await f.Store.QueryAsync("SELECT lower(trim(email)), preferred_language FROM customers WHERE id IN (SELECT customer_id FROM invoices) AND email LIKE '%@%'"))
            .GroupBy(r => (string)r[0]!).ToDictionary(g => g.Key, g => Expected(g.First()[1]));
        expected.Count.ShouldBe(invoiced.Count - 3);
        expected.Values.Distinct().Order().ShouldBe(["da", "en", "nb"]);
        var nobody = (await f.Store.QueryAsync("SELECT lower(email) FROM customers WHERE id NOT IN (SELECT customer_id FROM invoices)")).Select(r => (string)r[0]!).ToList();
        nobody.ShouldNotBeEmpty();

        var breach = await HighRiskAsync(f, "billing.db.invoices");
        var plan = (await WithAsync(f, l => l.PlanAsync(f.Tenant, Officer, breach.Id, default))).Value.ShouldNotBeNull();
        plan.Letters.ShouldBe(expected.Count);
        plan.WithoutAddress.ShouldBe(2);
        plan.Languages.ShouldBe(string.Join(' ', expected.Values.GroupBy(l => l).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}={g.Count()}")));
        plan.Sent.ShouldBeNull();
        (await DeliverAllAsync(f)).ShouldBeEmpty("a dry run sends nothing");

        var sent = (await WithAsync(f, l => l.SendAsync(f.Tenant, Officer, breach.Id, "Someone stole a laptop with our invoices.", default))).Value.ShouldNotBeNull();
        sent.Letters.ShouldBe(expected.Count);
        var again = await WithAsync(f, l => l.SendAsync(f.Tenant, Officer, breach.Id, null, default));
        again.Failure.ShouldBeOfType<Conflict>().Detail.ShouldContain("sent already");

        var mail = await DeliverAllAsync(f);
        mail.Select(m => m.To.Mailboxes.Single().Address.ToLowerInvariant()).Order().ShouldBe(expected.Keys.Order());
        foreach (var letter in mail)
        {
            var language = expected[letter.To.Mailboxes.Single().Address.ToLowerInvariant()];
            letter.ToString().ReplaceLineEndings("\n").ShouldContain($"Content-Language: {language}\n");
            letter.TextBody.ShouldStartWith(language switch { "da" => "Hej", "nb" => "Hei", _ => "Hello" });
            letter.TextBody.ShouldContain("Someone stole a laptop with our invoices.");
            letter.TextBody.ShouldContain("Phishing in our name");
            letter.TextBody.ShouldContain("Passwords reset; the laptop is wiped remotely");
            letter.TextBody.ShouldContain(f.Tenant.ContactEmail);
        }

        mail.ShouldNotContain(m => nobody.Contains(m.To.Mailboxes.Single().Address.ToLowerInvariant()));

        await using var scope = f.Db.Scope();
        var db = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
        var audit = await db.AuditEntries.IgnoreQueryFilters().Where(a => a.TenantId == f.Tenant.Id && a.Action == AuditActions.BreachLettersSent).ToListAsync();
        audit.Single().Details.ShouldContain($"\"letters\":\"{expected.Count}\"");
        audit.Single().Details.ShouldNotContain("@");
        var stored = await db.BreachCommunications.IgnoreQueryFilters().SingleAsync(c => c.BreachId == breach.Id);
        stored.Kind.ShouldBe(BreachCommunicationKind.Letters);
        stored.WithoutAddress.ShouldBe(2);
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task A_person_in_two_collections_under_one_address_gets_one_letter_and_people_without_one_are_counted(DatabaseProvider provider)
    {
        // Flex AS: clients and employees are both people; employees get an e-mail column their data map names by category.
        var f = await RequestFixture.CreateAsync(provider, "flex-as", "ledger", "FLEX_LEDGER_DB", people: 10, manifest: WithEmployeeEmail);
        f.Tenant.Country = Lethe.Tenancy.Country.NO;
        await f.Store.ExecuteAsync("ALTER TABLE employees ADD COLUMN email TEXT");
        await f.Store.ExecuteAsync("UPDATE employees SET email = (SELECT ' ' || upper(c.email) FROM clients c WHERE c.id = employees.client_id) WHERE id = (SELECT MIN(id) FROM employees)");
        await f.Store.ExecuteAsync("UPDATE employees SET email = 'staff' || id || '@example.no' WHERE id = (SELECT MAX(id) FROM employees)");
        var clients = (await f.Store.QueryAsync("SELECT lower(email) FROM clients")).Select(r => (string)r[0]!).ToList();
        var employees = Convert.ToInt64((await f.Store.QueryAsync("SELECT COUNT(*) FROM employees")).Single()[0], CultureInfo.InvariantCulture);
        employees.ShouldBeGreaterThan(2);

        var breach = await HighRiskAsync(f, "ledger");
        var plan = (await WithAsync(f, l => l.PlanAsync(f.Tenant, Officer, breach.Id, default))).Value.ShouldNotBeNull();

        plan.Letters.ShouldBe(clients.Distinct().Count() + 1);
        plan.WithoutAddress.ShouldBe(employees - 2);
        plan.Languages.ShouldBe($"nb={plan.Letters}", "no language field: the company's own language, Norwegian for a Norwegian company");
        plan.Datastores.Single().People.ShouldBe(clients.Count + employees);
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task Letters_are_refused_for_a_breach_that_is_not_a_high_risk_and_a_public_notice_is_recorded_once(DatabaseProvider provider)
    {
        var f = await RequestFixture.CreateAsync(provider, "flex4business", "billing", "FLEX4B_BILLING_DB", people: 6);
        await using (var scope = f.Db.Scope())
        {
            var commands = scope.ServiceProvider.GetRequiredService<BreachCommands>();
            var now = f.Clock.GetUtcNow().UtcDateTime;
            var low = (await commands.RegisterAsync(f.Tenant, Officer, new BreachInput(null, now.AddHours(-1), "A mail to the wrong customer.", ["billing.db.customers"]), default)).Value!;
            (await WithAsync(f, l => l.PlanAsync(f.Tenant, Officer, low.Id, default))).Failure.ShouldBeOfType<Conflict>().Detail.ShouldContain("Assess the breach's risk first");
            await commands.AssessAsync(f.Tenant, Officer, low.Id, new AssessmentInput("risk", "One customer's invoice", null, null), default);
            var refused = await WithAsync(f, l => l.SendAsync(f.Tenant, Officer, low.Id, null, default));
            refused.Failure.ShouldBeOfType<Conflict>().Detail.ShouldContain("'risk', not 'high_risk'");
            (await WithAsync(f, l => l.RecordPublicNoticeAsync(f.Tenant, Officer, low.Id, new PublicNoticeInput("x", "y", null), default))).Failure.ShouldBeOfType<Conflict>();
        }

        var unmeasured = await HighRiskAsync(f, "billing.db.customers", measures: null);
        (await WithAsync(f, l => l.SendAsync(f.Tenant, Officer, unmeasured.Id, null, default))).Failure.ShouldBeOfType<Conflict>().Detail.ShouldContain("Art. 34(2)");

        var missing = await WithAsync(f, l => l.RecordPublicNoticeAsync(f.Tenant, Officer, unmeasured.Id, new PublicNoticeInput(" ", null, null), default));
        missing.Failure.ShouldBeOfType<InvalidInput>().Errors.Keys.Order().ShouldBe(["publishedWhere", "reason"]);
        var published = f.Clock.GetUtcNow().UtcDateTime.AddHours(-2);
        var notice = (await WithAsync(f, l => l.RecordPublicNoticeAsync(f.Tenant, Officer, unmeasured.Id,
            new PublicNoticeInput("Most addresses are outdated", "https://flex4business.example/sikkerhed", published), default))).Value.ShouldNotBeNull();
        notice.PublishedAt.ShouldBe(published);
        (await WithAsync(f, l => l.RecordPublicNoticeAsync(f.Tenant, Officer, unmeasured.Id, new PublicNoticeInput("again", "elsewhere", null), default)))
            .Failure.ShouldBeOfType<Conflict>();

        await using var read = f.Db.Scope();
        var view = (await read.ServiceProvider.GetRequiredService<BreachCommands>().GetAsync(f.Tenant, Officer, unmeasured.Id, default)).Value.ShouldNotBeNull();
        view.Communications.Single().PublishedWhere.ShouldBe("https://flex4business.example/sikkerhed");
        (await read.ServiceProvider.GetRequiredService<LetheDbContext>().OutboxMessages.IgnoreQueryFilters().CountAsync()).ShouldBe(0);
    }
}
