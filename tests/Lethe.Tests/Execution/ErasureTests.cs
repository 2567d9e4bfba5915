using System.Globalization;
using Lethe.Execution;
using Lethe.Storage;
using Lethe.Tests.Support;

namespace Lethe.Tests.Execution;

public sealed class ErasureTests
{
    private static readonly byte[] Key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    private static DateOnly Today => DateOnly.FromDateTime(TestClock.Start.UtcDateTime);

    /// <summary>Bogføringsloven § 10: five years from the end of the (calendar) financial year, so erasable on 1 January six years on.</summary>
    internal static DateOnly BookkeepingHoldEnds(DateOnly invoiceDate) => new(invoiceDate.Year + 6, 1, 1);

    /// <summary>A customer of the billing demo with invoices both past and within the bookkeeping act's five years.</summary>
    private static async Task<(long Id, string Number, List<(long Id, DateOnly Date)> Invoices)> MixedCustomerAsync(DemoStore billing)
    {
        var invoices = (await billing.QueryAsync("SELECT customer_id, id, invoice_date FROM invoices ORDER BY id"))
            .Select(r => (Customer: Convert.ToInt64(r[0], CultureInfo.InvariantCulture), Id: Convert.ToInt64(r[1], CultureInfo.InvariantCulture), Date: LegalHolds.AsDate(r[2])!.Value))
            .ToList();
        var customer = invoices.GroupBy(i => i.Customer)
            .First(g => g.Any(i => BookkeepingHoldEnds(i.Date) <= Today) && g.Any(i => BookkeepingHoldEnds(i.Date) > Today));
        var number = (string)(await billing.QueryAsync($"SELECT customer_number FROM customers WHERE id = {customer.Key}")).Single()[0]!;
        return (customer.Key, number, customer.Select(i => (i.Id, i.Date)).ToList());
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task Invoices_under_the_bookkeeping_act_are_kept_with_their_customer_until_the_hold_ends(DatabaseProvider provider)
    {
        var billing = await DemoStore.BuildAsync(provider, "flex4business", "billing", people: 40, now: TestClock.Start);
        var (customerId, number, invoices) = await MixedCustomerAsync(billing);
        var held = invoices.Where(i => BookkeepingHoldEnds(i.Date) > Today).ToList();
        var before = await billing.QueryAsync($"SELECT name, email, address FROM customers WHERE id = {customerId}");
        var otherInvoices = (await billing.QueryAsync($"SELECT count(*) FROM invoices WHERE customer_id <> {customerId}")).Single()[0];

        var outcome = await billing.Connector().EraseAsync([new Identity("customer_number", number)], Key, Today, default);

        // Expired invoices go; held ones stay, and the customer they are made out to stays with them — but only with what
        // the act requires (name and address): the e-mail is erased now and the row is restricted.
        var left = (await billing.QueryAsync($"SELECT id FROM invoices WHERE customer_id = {customerId} ORDER BY id")).Select(r => Convert.ToInt64(r[0], CultureInfo.InvariantCulture));
        left.ShouldBe(held.Select(h => h.Id).Order());
        var during = (await billing.QueryAsync($"SELECT name, email, address, restricted FROM customers WHERE id = {customerId}")).Single();
        during[0].ShouldBe(before.Single()[0]);
        during[1].ShouldBe(ErasureStrategy.KeyedHash((string)before.Single()[1]!, Key));
        during[2].ShouldBe(before.Single()[2]);
        Convert.ToBoolean(during[3], CultureInfo.InvariantCulture).ShouldBeTrue("a held customer is restricted: stored, not used");
        (await billing.QueryAsync($"SELECT count(*) FROM invoices WHERE customer_id <> {customerId}")).Single()[0].ShouldBe(otherInvoices);

        var invoiceHold = outcome.Plan.Kept.Where(k => k.Collection == "invoices").ToList();
        invoiceHold.Sum(k => k.Rows).ShouldBe(held.Count);
        invoiceHold.ShouldAllBe(k => k.LegalReference == "Bogføringsloven § 10" && k.Rule == "bookkeeping");
        invoiceHold.Select(k => k.Until!.Value).Order().ShouldBe(held.Select(h => BookkeepingHoldEnds(h.Date)).Distinct().Order());
        var customerHold = outcome.Plan.Kept.Single(k => k.Collection == "customers");
        customerHold.Until.ShouldBe(BookkeepingHoldEnds(held.Max(h => h.Date)));
        customerHold.ErasedFields.ShouldBe(["email"]);
        customerHold.KeptFields.ShouldBe(["customer_number", "name", "address"], ignoreOrder: true);
        customerHold.Restricted.ShouldBeTrue();
        outcome.Plan.Counts.ShouldContain(new ChangeCount("invoices", ErasureStrategy.DeleteRow, invoices.Count - held.Count));
        outcome.Plan.Deferred.Where(d => d.Collection == "invoices").SelectMany(d => d.Keys).Cast<long>().Order().ShouldBe(held.Select(h => h.Id).Order());

        // The same erasure again changes nothing more.
        var again = await billing.Connector().EraseAsync([new Identity("customer_number", number)], Key, Today, default);
        again.RowsChanged.ShouldBe(0);

        // When the last hold has ended, the deferred rows are erased: invoices deleted, the customer anonymised.
        var end = customerHold.Until!.Value;
        var keys = outcome.Plan.Deferred.GroupBy(d => d.Collection).ToDictionary(g => g.Key, g => (IReadOnlyList<object>)g.SelectMany(d => d.Keys).ToList());
        var deferred = await billing.Connector().EraseRowsAsync(keys, Key, end, default);
        deferred.Plan.Kept.ShouldBeEmpty();
        (await billing.QueryAsync($"SELECT count(*) FROM invoices WHERE customer_id = {customerId}")).Single()[0].ShouldBe(0L);
        var after = (await billing.QueryAsync($"SELECT name, email, address, customer_number FROM customers WHERE id = {customerId}")).Single();
        after[0].ShouldBe("Anonymized person");
        after[1].ShouldBe(ErasureStrategy.KeyedHash((string)before.Single()[1]!, Key));
        after[2].ShouldBeNull();
        after[3].ShouldBe(number);
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task An_employee_is_erased_with_their_recordings_and_voicemails_in_foreign_key_safe_order_and_kept_while_statutory_logs_need_them(DatabaseProvider provider)
    {
        var pbx = await DemoStore.BuildAsync(provider, "flexfone", "pbx", people: 10, now: TestClock.Start);
        var logs = (await pbx.QueryAsync("SELECT employee_id, logged_at FROM usage_log"))
            .Select(r => (Employee: Convert.ToInt64(r[0], CultureInfo.InvariantCulture), Date: LegalHolds.AsDate(r[1])!.Value)).ToList();
        var withVoicemail = (await pbx.QueryAsync("SELECT DISTINCT employee_id FROM voicemails")).Select(r => Convert.ToInt64(r[0], CultureInfo.InvariantCulture)).ToHashSet();
        var id = logs.Where(l => withVoicemail.Contains(l.Employee) && l.Date.AddYears(1) > Today.AddDays(1)).Select(l => l.Employee).Order().First();
        var employee = (await pbx.QueryAsync($"SELECT extension, full_name, mobile FROM employees WHERE id = {id}")).Single();
        var others = (await pbx.QueryAsync($"SELECT count(*) FROM call_recordings WHERE employee_id <> {id}")).Single()[0];
        var audio = (await pbx.QueryAsync($"SELECT audio_file FROM voicemails WHERE employee_id = {id} UNION ALL SELECT audio_file FROM call_recordings WHERE employee_id = {id}"))
            .Select(r => Path.Combine(pbx.FilesDirectory, (string)r[0]!)).ToList();
        var otherAudio = (await pbx.QueryAsync($"SELECT audio_file FROM voicemails WHERE employee_id <> {id}")).Select(r => Path.Combine(pbx.FilesDirectory, (string)r[0]!)).ToList();
        audio.ShouldNotBeEmpty();
        audio.ShouldAllBe(f => File.Exists(f));
        Identity[] identities = [new("extension", (string)employee[0]!), new("full_name", (string)employee[1]!)];

        var outcome = await pbx.Connector().EraseAsync(identities, Key, Today, default);

        (await pbx.QueryAsync($"SELECT count(*) FROM call_recordings WHERE employee_id = {id}")).Single()[0].ShouldBe(0L);
        (await pbx.QueryAsync($"SELECT count(*) FROM voicemails WHERE employee_id = {id}")).Single()[0].ShouldBe(0L);
        (await pbx.QueryAsync($"SELECT count(*) FROM call_recordings WHERE employee_id <> {id}")).Single()[0].ShouldBe(others);
        outcome.Plan.Counts.ShouldContain(c => c.Collection == "voicemails" && c.Action == ErasureStrategy.DeleteRow);
        audio.ShouldAllBe(f => !File.Exists(f));
        outcome.FilesRemoved.ShouldBe(audio.Count);
        otherAudio.ShouldAllBe(f => File.Exists(f));
        // Logs younger than a year are statutory (Retsplejeloven § 786 f); the employee they point to stays with them.
        var heldLogs = logs.Where(l => l.Employee == id && l.Date.AddYears(1) > Today).ToList();
        (await pbx.QueryAsync($"SELECT count(*) FROM usage_log WHERE employee_id = {id}")).Single()[0].ShouldBe((long)heldLogs.Count);
        (await pbx.QueryAsync($"SELECT full_name, mobile FROM employees WHERE id = {id}")).Single().ShouldBe([employee[1], employee[2]]);
        var kept = outcome.Plan.Kept.Single(k => k.Collection == "employees");
        kept.Rule.ShouldBe("statutory_logging");
        kept.Until.ShouldBe(heldLogs.Max(l => l.Date).AddYears(1));
        kept.Reason.ShouldContain("usage_log");

        (await pbx.Connector().EraseAsync(identities, Key, Today, default)).RowsChanged.ShouldBe(0);

        var keys = outcome.Plan.Deferred.GroupBy(d => d.Collection).ToDictionary(g => g.Key, g => (IReadOnlyList<object>)g.SelectMany(d => d.Keys).ToList());
        await pbx.Connector().EraseRowsAsync(keys, Key, kept.Until!.Value, default);
        var row = (await pbx.QueryAsync($"SELECT full_name, mobile, extension FROM employees WHERE id = {id}")).Single();
        row.ShouldBe(["Anonymiseret person", null, employee[0]]);
        (await pbx.QueryAsync($"SELECT count(*) FROM usage_log WHERE employee_id = {id}")).Single()[0].ShouldBe(0L);
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task A_row_whose_fields_share_a_strategy_is_counted_once_under_it(DatabaseProvider provider)
    {
        // An inquiry's phone and message are both set to null: that is one row changed, not two, for the count is what
        // the person's erasure report tells them ("inquiries: 1 record set to empty").
        var website = await DemoStore.BuildAsync(provider, "flex4business", "website", people: 20, now: TestClock.Start);
        var email = (string)(await website.QueryAsync(
            "SELECT email FROM inquiries GROUP BY email HAVING count(*) = 1 AND count(phone) = 1 AND count(message) = 1 ORDER BY email")).First()[0]!;

        var outcome = await website.Connector().EraseAsync([new Identity("email", email)], Key, Today, default);

        var inquiries = outcome.Plan.Counts.Where(c => c.Collection == "inquiries").ToList();
        inquiries.ShouldContain(new ChangeCount("inquiries", ErasureStrategy.SetNull, 1));
        inquiries.ShouldAllBe(c => c.Rows == 1, string.Join(", ", inquiries));
    }
}
