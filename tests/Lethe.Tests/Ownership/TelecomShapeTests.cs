using System.Globalization;
using Lethe.Connectors;
using Lethe.Execution;
using Lethe.Storage;
using Lethe.Tests.Support;

namespace Lethe.Tests.Ownership;

/// <summary>
/// The telecom shape that leaked before ownership: customers that are companies or sole proprietorships, their
/// employees (namesakes at other customers; the proprietor employed in his own firm; a manager whose e-mail is also the
/// company's), employees' recordings, voicemails and IP logs, tickets that mention the employee who wrote them, and
/// invoices under the bookkeeping act.
/// </summary>
public sealed class TelecomShapeTests
{
    private static readonly byte[] Key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
    private static readonly DateOnly Today = new(2026, 12, 2);

    private const string Schema = """
        CREATE TABLE customers (id integer PRIMARY KEY, company_name text, company_form text, email text, phone text, address text, restricted integer NOT NULL DEFAULT 0);
        CREATE TABLE employees (id integer PRIMARY KEY, customer_id integer REFERENCES customers(id), full_name text, extension text, email text, mobile text);
        CREATE TABLE call_recordings (id integer PRIMARY KEY, employee_id integer REFERENCES employees(id), audio_file text);
        CREATE TABLE voicemails (id integer PRIMARY KEY, employee_id integer REFERENCES employees(id), audio_file text);
        CREATE TABLE ip_log (id integer PRIMARY KEY, employee_id integer REFERENCES employees(id), ip_address text, logged_at text);
        CREATE TABLE tickets (id integer PRIMARY KEY, customer_id integer REFERENCES customers(id), written_by integer REFERENCES employees(id), subject text);
        CREATE TABLE invoices (id integer PRIMARY KEY, customer_id integer REFERENCES customers(id), invoice_date text, amount integer);
        INSERT INTO customers VALUES (1, 'Bo Jensen VVS', 'ENK', 'bo@jensen-vvs.dk', '+45 20 30 40 50', 'Vej 1, 8000 Aarhus C', 0);
        INSERT INTO customers VALUES (2, 'Firma ApS', 'ApS', 'info@firma.dk', '70 70 70 70', 'Gade 2, 2100 København Ø', 0);
        INSERT INTO customers VALUES (3, 'Anden ApS', 'ApS', 'kontakt@anden.dk', '33 33 33 33', 'Torv 3, 5000 Odense C', 0);
        INSERT INTO employees VALUES (10, 1, 'Bo Jensen', '100', 'BO@Jensen-VVS.dk', '20304050');
        INSERT INTO employees VALUES (11, 1, 'Lise Lund', '101', 'lise@jensen-vvs.dk', '21212121');
        INSERT INTO employees VALUES (20, 2, 'Karen Krog', '200', 'info@firma.dk', '22222222');
        INSERT INTO employees VALUES (21, 2, 'Mette Hansen', '101', 'mette@firma.dk', '23232323');
        INSERT INTO employees VALUES (22, 2, 'Ole Olsen', '202', 'ole@firma.dk', '24242424');
        INSERT INTO employees VALUES (30, 3, 'METTE HANSEN', '101', 'mh@anden.dk', '25252525');
        INSERT INTO call_recordings VALUES (100, 10, 'rec/100.wav');
        INSERT INTO call_recordings VALUES (101, 11, 'rec/101.wav');
        INSERT INTO call_recordings VALUES (102, 11, 'rec/102.wav');
        INSERT INTO call_recordings VALUES (103, 20, 'rec/103.wav');
        INSERT INTO call_recordings VALUES (104, 22, 'rec/104.wav');
        INSERT INTO call_recordings VALUES (105, 30, 'rec/105.wav');
        INSERT INTO voicemails VALUES (200, 11, 'vm/200.wav');
        INSERT INTO voicemails VALUES (201, 21, 'vm/201.wav');
        INSERT INTO ip_log VALUES (300, 10, '192.0.2.17', '2026-11-01');
        INSERT INTO ip_log VALUES (301, 11, '2001:db8:1:2:3:4:5:6', '2026-11-02');
        INSERT INTO tickets VALUES (400, 1, 11, 'Lise opened a ticket for the firm');
        INSERT INTO tickets VALUES (401, 2, 20, 'Karen asked about an invoice');
        INSERT INTO tickets VALUES (402, 2, 22, 'Ole asked about a number');
        INSERT INTO invoices VALUES (500, 1, '2025-03-01', 1000);
        INSERT INTO invoices VALUES (501, 1, '2012-03-01', 900);
        INSERT INTO invoices VALUES (502, 2, '2025-04-01', 5000);
        INSERT INTO invoices VALUES (503, 3, '2025-05-01', 7000)
        """;

    private const string Collections = """
        - name: customers
          is: person
          # A sole proprietorship is a person; a company (ApS) is not, and nothing belongs to anyone through it.
          when:
            - field: company_form
              equals: ENK
          restrictionFlag: restricted
          fields:
            - name: id
            - name: company_name
              category: contact.name
              erasure: replace
              replacement: Anonymiseret
            - name: company_form
            - name: restricted
            - name: email
              category: contact.email
              identifies: email
              erasure: set-null
            - name: phone
              category: contact.phone
              identifies: phone
              erasure: set-null
            - name: address
              category: contact.address
              erasure: set-null
        - name: employees
          is: person
          fields:
            - name: id
            - name: customer_id
              references: customers.id
            - name: full_name
              category: contact.name
              identifies: full_name
              erasure: replace
              replacement: Anonymiseret person
            - name: extension
              category: employment.extension
              identifies: extension
            - name: email
              category: contact.email
              identifies: email
              erasure: set-null
            - name: mobile
              category: contact.phone
              identifies: phone
              erasure: set-null
        - name: call_recordings
          belongsTo: employee_id
          fields:
            - name: id
            - name: employee_id
              references: employees.id
            - name: audio_file
              category: communication.call_recording
              erasure: delete-row
        - name: voicemails
          belongsTo: employee_id
          fields:
            - name: id
            - name: employee_id
              references: employees.id
            - name: audio_file
              category: communication.voicemail
              erasure: delete-row
        - name: ip_log
          belongsTo: employee_id
          fields:
            - name: id
            - name: employee_id
              references: employees.id
            - name: ip_address
              category: technical.ip_address
              erasure: truncate-ip
            - name: logged_at
        - name: tickets
          belongsTo: customer_id
          mentions:
            - field: written_by
          fields:
            - name: id
            - name: customer_id
              references: customers.id
            - name: written_by
              references: employees.id
              erasure: set-null
            - name: subject
              category: communication.inquiry
        - name: invoices
          belongsTo: customer_id
          fields:
            - name: id
            - name: customer_id
              references: customers.id
            - name: invoice_date
            - name: amount
              category: financial.invoice
        """;

    private static readonly string Retention = ScratchStore.Bookkeeping("[invoices, customers.company_name, customers.address]");

    private static Task<ScratchStore> StoreAsync(DatabaseProvider provider) => ScratchStore.CreateAsync(provider, Schema, Collections, Retention);

    private static async Task<Dictionary<string, List<(RowRole Role, IReadOnlyDictionary<string, object?> Values)>>> AccessAsync(ScratchStore store, params Identity[] identities)
    {
        var rows = new Dictionary<string, List<(RowRole, IReadOnlyDictionary<string, object?>)>>(StringComparer.Ordinal);
        await store.Connector().ReadAsync(identities, row =>
        {
            (rows.TryGetValue(row.Collection, out var list) ? list : rows[row.Collection] = []).Add((row.Role, row.Values));
            return ValueTask.CompletedTask;
        }, default);
        return rows;
    }

    private static long[] Keys(Dictionary<string, List<(RowRole Role, IReadOnlyDictionary<string, object?> Values)>> rows, string collection, RowRole role) =>
        rows.GetValueOrDefault(collection, []).Where(r => r.Role == role).Select(r => Convert.ToInt64(r.Values["id"], CultureInfo.InvariantCulture)).Order().ToArray();

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task Namesakes_at_other_customers_stop_the_request_and_nothing_is_read_or_changed(DatabaseProvider provider)
    {
        var store = await StoreAsync(provider);
        var before = await store.ChecksumsAsync();
        Identity[] mette = [new("extension", "101"), new("full_name", "Mette Hansen")];

        var read = await Should.ThrowAsync<AmbiguousPerson>(() => AccessAsync(store, mette));
        read.Collection.ShouldBe("employees");
        // Described by what does not identify them: their customer, never a name or e-mail.
        read.Candidates.Select(c => Convert.ToInt64(c["customer_id"], CultureInfo.InvariantCulture)).Order().ShouldBe([2L, 3L]);
        read.Candidates.ShouldAllBe(c => !c.ContainsKey("full_name") && !c.ContainsKey("email"));

        await Should.ThrowAsync<AmbiguousPerson>(() => store.Connector().EraseAsync(mette, Key, Today, default));
        (await store.ChecksumsAsync()).ShouldBe(before);
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task A_sole_proprietor_gets_his_firm_and_his_own_employee_rows_but_never_his_employees(DatabaseProvider provider)
    {
        var store = await StoreAsync(provider);

        // His e-mail, in another case than either row stores it.
        var rows = await AccessAsync(store, new Identity("email", " Bo@Jensen-VVS.DK "));

        Keys(rows, "customers", RowRole.Owned).ShouldBe([1L]);
        Keys(rows, "employees", RowRole.Owned).ShouldBe([10L]);
        Keys(rows, "call_recordings", RowRole.Owned).ShouldBe([100L]);
        Keys(rows, "ip_log", RowRole.Owned).ShouldBe([300L]);
        Keys(rows, "invoices", RowRole.Owned).ShouldBe([500L, 501L]);
        Keys(rows, "tickets", RowRole.Owned).ShouldBe([400L], "the firm's ticket is his, as the firm is");
        rows.Keys.ShouldNotContain("voicemails", "Lise's voicemail is hers, not her employer's");
        rows.Values.SelectMany(r => r).ShouldAllBe(r => r.Role == RowRole.Owned);
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task A_manager_whose_email_is_also_her_companys_gets_only_her_own_rows_and_the_ticket_she_wrote_as_a_mention(DatabaseProvider provider)
    {
        var store = await StoreAsync(provider);

        var rows = await AccessAsync(store, new Identity("email", "info@firma.dk"));

        rows.Keys.Order().ShouldBe(["call_recordings", "employees", "tickets"]);
        Keys(rows, "employees", RowRole.Owned).ShouldBe([20L]);
        Keys(rows, "call_recordings", RowRole.Owned).ShouldBe([103L]);
        // The ApS is not a person: its invoices and its other tickets are nobody's personal data, and hers only as she wrote one.
        Keys(rows, "tickets", RowRole.Mention).ShouldBe([401L]);
        rows["tickets"].Single().Values.Keys.Order().ShouldBe(["id", "written_by"], Case.Sensitive, "a mention shows the key and the mention, not the company's ticket text");
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task A_phone_number_is_found_in_any_spelling_and_a_composite_identity_part_by_part(DatabaseProvider provider)
    {
        var store = await StoreAsync(provider);

        Keys(await AccessAsync(store, new Identity("phone", "2030 4050")), "customers", RowRole.Owned).ShouldBe([1L]);
        Keys(await AccessAsync(store, new Identity("phone", "+4520304050")), "employees", RowRole.Owned).ShouldBe([10L]);
        Keys(await AccessAsync(store, new Identity("phone", "0045 21 21 21 21")), "employees", RowRole.Owned).ShouldBe([11L]);
        Keys(await AccessAsync(store, new Identity("extension", "202"), new Identity("full_name", "ole OLSEN")), "employees", RowRole.Owned).ShouldBe([22L]);
        (await AccessAsync(store, new Identity("extension", "202"))).ShouldBeEmpty("half a composite identity finds no one");
        (await AccessAsync(store, new Identity("extension", "200"), new Identity("full_name", "Ole Olsen"))).ShouldBeEmpty("both parts in one row");
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task Erasing_the_sole_proprietor_changes_his_rows_only_and_keeps_what_the_bookkeeping_act_requires(DatabaseProvider provider)
    {
        var store = await StoreAsync(provider);
        ChangeOutcome outcome = null!;

        var changed = await store.ChangedByAsync(async () => outcome = await store.Connector().EraseAsync([new Identity("email", "bo@jensen-vvs.dk")], Key, Today, default));

        // His customer row (held, minimised), his employee row, his recording, his IP log, the expired invoice, his firm's ticket
        // (its every field with a strategy, the link to the colleague who wrote it too); never Lise's rows or another customer's.
        changed.ShouldBe(["call_recordings:100", "customers:1", "employees:10", "invoices:501", "ip_log:300", "tickets:400"]);
        (await store.QueryAsync("SELECT id FROM invoices WHERE customer_id = 1")).Select(r => Convert.ToInt64(r[0], CultureInfo.InvariantCulture)).ShouldBe([500L], "the expired invoice went, the held one stays");

        var customer = (await store.QueryAsync("SELECT company_name, email, phone, address, restricted FROM customers WHERE id = 1")).Single();
        customer[0].ShouldBe("Bo Jensen VVS", "the buyer's name on a held invoice is required by the act");
        customer[1].ShouldBeNull();
        customer[2].ShouldBeNull();
        customer[3].ShouldBe("Vej 1, 8000 Aarhus C");
        Convert.ToInt64(customer[4], CultureInfo.InvariantCulture).ShouldBe(1L);
        (await store.QueryAsync("SELECT ip_address FROM ip_log WHERE id = 300")).Single()[0].ShouldBe("192.0.2.0");

        var kept = outcome.Plan.Kept.Single(k => k.Collection == "customers");
        kept.Rule.ShouldBe("bookkeeping");
        kept.Until.ShouldBe(new DateOnly(2031, 1, 1));
        kept.ErasedFields.ShouldBe(["email", "phone"]);
        kept.KeptFields.ShouldBe(["company_name", "address"]);
        kept.Restricted.ShouldBeTrue();
        outcome.Plan.Deferred.Single(d => d.Collection == "customers").Due.ShouldBe(new DateOnly(2031, 1, 1));
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task Erasing_an_employee_clears_only_the_mention_in_a_ticket_she_wrote_for_her_employer(DatabaseProvider provider)
    {
        var store = await StoreAsync(provider);
        ChangeOutcome outcome = null!;

        var changed = await store.ChangedByAsync(async () => outcome = await store.Connector().EraseAsync([new Identity("email", "lise@jensen-vvs.dk")], Key, Today, default));

        changed.ShouldBe(["call_recordings:101", "call_recordings:102", "employees:11", "ip_log:301", "tickets:400", "voicemails:200"]);
        var ticket = (await store.QueryAsync("SELECT customer_id, written_by, subject FROM tickets WHERE id = 400")).Single();
        Convert.ToInt64(ticket[0], CultureInfo.InvariantCulture).ShouldBe(1L);
        ticket[1].ShouldBeNull();
        ticket[2].ShouldBe("Lise opened a ticket for the firm", "the ticket is her employer's; only the mention of her goes");
        (await store.QueryAsync("SELECT ip_address FROM ip_log WHERE id = 301")).Single()[0].ShouldBe("2001:db8:1:2::");
        // Recordings and voicemails are leaves deleted whole: gone by their reference to her row, without being read, and counted by the database.
        WalkPlan.For("app.db", store.Store, [new Identity("email", "x")], WalkPurpose.Erasure, "DK", store.Manifest.RetentionRules)
            .DeletedByReference.Select(s => s.Collection).Order().ShouldBe(["call_recordings", "voicemails"]);
        outcome.Plan.Counts.ShouldContain(new ChangeCount("call_recordings", ErasureStrategy.DeleteRow, 2));
        outcome.Plan.Counts.ShouldContain(new ChangeCount("voicemails", ErasureStrategy.DeleteRow, 1));
    }
}
