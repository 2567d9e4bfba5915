using Lethe.Connectors;
using Lethe.Execution;
using Lethe.Storage;
using Lethe.Tests.Support;

namespace Lethe.Tests.Ownership;

/// <summary>An address row the customer owns (owns: true): theirs while unshared, and held with them when the bookkeeping act requires it.</summary>
public sealed class OwnsShapeTests
{
    private static readonly DateOnly Today = new(2026, 12, 2);

    private const string Schema = """
        CREATE TABLE addresses (id integer PRIMARY KEY, street text, city text);
        CREATE TABLE customers (id integer PRIMARY KEY, name text, email text, address_id integer REFERENCES addresses(id));
        CREATE TABLE invoices (id integer PRIMARY KEY, customer_id integer REFERENCES customers(id), invoice_date text, amount integer);
        INSERT INTO addresses VALUES (1, 'Vej 1', 'Aarhus');
        INSERT INTO addresses VALUES (2, 'Gade 2', 'Odense');
        INSERT INTO addresses VALUES (3, 'Torv 3', 'Vejle');
        INSERT INTO customers VALUES (10, 'Held Hansen', 'held@x.dk', 1);
        INSERT INTO customers VALUES (11, 'Past Pedersen', 'past@x.dk', 2);
        INSERT INTO customers VALUES (12, 'Shared Sørensen', 'shared@x.dk', 3);
        INSERT INTO customers VALUES (13, 'Also Sørensen', 'also@x.dk', 3);
        INSERT INTO invoices VALUES (100, 10, '2025-05-01', 500);
        INSERT INTO invoices VALUES (101, 11, '2012-05-01', 700)
        """;

    private const string Collections = """
        - name: addresses
          fields:
            - name: id
            - name: street
              category: contact.address
              erasure: set-null
            - name: city
              category: contact.address
              erasure: set-null
        - name: customers
          is: person
          fields:
            - name: id
            - name: name
              category: contact.name
              erasure: replace
              replacement: Anonymised
            - name: email
              category: contact.email
              identifies: email
              erasure: set-null
            - name: address_id
              references: addresses.id
              owns: true
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

    private static readonly string Retention = ScratchStore.Bookkeeping("[invoices, customers.name, addresses]");

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task An_owned_address_is_held_with_its_customer_erased_when_nothing_holds_it_and_kept_when_shared(DatabaseProvider provider)
    {
        var store = await ScratchStore.CreateAsync(provider, Schema, Collections, Retention);

        // Held: the act requires the buyer's address; the e-mail goes now.
        var held = await store.ChangedByAsync(() => store.Connector().EraseAsync([new Identity("email", "held@x.dk")], new byte[32], Today, default));
        held.ShouldBe(["customers:10"]);
        (await store.QueryAsync("SELECT street, city FROM addresses WHERE id = 1")).Single().ShouldBe(["Vej 1", "Aarhus"]);
        (await store.QueryAsync("SELECT name, email FROM customers WHERE id = 10")).Single().ShouldBe(["Held Hansen", null]);

        // Nothing held: the address is erased with the customer.
        var past = await store.ChangedByAsync(() => store.Connector().EraseAsync([new Identity("email", "past@x.dk")], new byte[32], Today, default));
        past.ShouldBe(["addresses:2", "customers:11", "invoices:101"]);
        (await store.QueryAsync("SELECT street, city FROM addresses WHERE id = 2")).Single().ShouldBe([null, null]);

        // Shared with another customer: kept, and said so.
        ChangeOutcome outcome = null!;
        var shared = await store.ChangedByAsync(async () => outcome = await store.Connector().EraseAsync([new Identity("email", "shared@x.dk")], new byte[32], Today, default));
        shared.ShouldBe(["customers:12"]);
        outcome.Plan.Kept.ShouldContain(k => k.Collection == "addresses" && k.Reason.StartsWith("shared", StringComparison.Ordinal));
    }
}
