using System.Globalization;
using Lethe.Connectors;
using Lethe.Execution;
using Lethe.Storage;
using Lethe.Tests.Support;

namespace Lethe.Tests.Execution;

public sealed class ChangeTests
{
    private static readonly byte[] Key = new byte[32];

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task Restriction_sets_the_flag_the_manifest_names_on_the_persons_rows_only(DatabaseProvider provider)
    {
        var billing = await DemoStore.BuildAsync(provider, "flex4business", "billing", people: 5, now: TestClock.Start);
        var number = (string)(await billing.QueryAsync("SELECT customer_number FROM customers ORDER BY id")).First()[0]!;

        var outcome = await billing.Connector().RestrictAsync([new Identity("customer_number", number)], default);

        outcome.RowsChanged.ShouldBe(1);
        (await billing.QueryAsync("SELECT customer_number FROM customers WHERE restricted")).Select(r => r[0]).ShouldBe([number]);
        (await billing.Connector().RestrictAsync([new Identity("customer_number", number)], default)).RowsChanged.ShouldBe(0);
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task Rectification_sets_the_category_on_every_matching_field_and_refuses_values_the_column_cannot_hold(DatabaseProvider provider)
    {
        var billing = await DemoStore.BuildAsync(provider, "flex4business", "billing", people: 5, now: TestClock.Start);
        var number = (string)(await billing.QueryAsync("SELECT customer_number FROM customers ORDER BY id")).First()[0]!;
        var others = await billing.QueryAsync($"SELECT address FROM customers WHERE customer_number <> '{number}' ORDER BY id");

        var outcome = await billing.Connector().RectifyAsync([new Identity("customer_number", number)],
            new Dictionary<string, string> { ["contact.address"] = "Nørregade 1, 1165 København K" }, default);

        outcome.RowsChanged.ShouldBe(1);
        (await billing.QueryAsync($"SELECT address FROM customers WHERE customer_number = '{number}'")).Single()[0].ShouldBe("Nørregade 1, 1165 København K");
        (await billing.QueryAsync($"SELECT address FROM customers WHERE customer_number <> '{number}' ORDER BY id")).ShouldBe(others);

        var customer = (await billing.QueryAsync($"SELECT id FROM customers WHERE customer_number = '{number}'")).Single()[0];
        if ((await billing.QueryAsync($"SELECT count(*) FROM invoices WHERE customer_id = {customer}")).Single()[0] is 0L or 0)
        {
            await billing.ExecuteAsync($"INSERT INTO invoices (id, customer_id, invoice_date, amount) VALUES (9999, {customer}, '2026-01-02', 10)");
        }

        var amounts = await billing.QueryAsync("SELECT id, amount FROM invoices ORDER BY id");
        var refused = await Should.ThrowAsync<DatastoreProblem>(() => billing.Connector().RectifyAsync([new Identity("customer_number", number)],
            new Dictionary<string, string> { ["financial.invoice"] = "12,50 kr; DROP TABLE invoices" }, default));
        refused.Message.ShouldContain("is not a valid decimal value for financial.invoice");
        (await billing.QueryAsync("SELECT id, amount FROM invoices ORDER BY id")).ShouldBe(amounts);
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task Hostile_identity_values_erase_nothing(DatabaseProvider provider)
    {
        var billing = await DemoStore.BuildAsync(provider, "flex4business", "billing", people: 10, now: TestClock.Start);
        var before = await billing.QueryAsync("SELECT * FROM customers ORDER BY id");
        var invoices = await billing.QueryAsync("SELECT * FROM invoices ORDER BY id");

        foreach (var value in new[] { "' OR '1'='1", "x'; DELETE FROM customers; --", "Æblegrød Øst Åsen 🎉", new string('x', 100_000), "%", "_", "\\", "\0" })
        {
            var outcome = await billing.Connector().EraseAsync([new Identity("customer_number", value), new Identity("email", value)], Key, DateOnly.FromDateTime(TestClock.Start.UtcDateTime), default);
            outcome.RowsChanged.ShouldBe(0, value.Length > 30 ? value[..30] : value);
            outcome.Plan.Changes.ShouldBeEmpty();
        }

        (await billing.QueryAsync("SELECT * FROM customers ORDER BY id")).ShouldBe(before);
        (await billing.QueryAsync("SELECT * FROM invoices ORDER BY id")).ShouldBe(invoices);
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task A_datastore_that_no_longer_matches_the_data_map_is_refused_before_anything_runs(DatabaseProvider provider)
    {
        var billing = await DemoStore.BuildAsync(provider, "flex4business", "billing", people: 3, now: TestClock.Start);
        await billing.ExecuteAsync("ALTER TABLE customers RENAME COLUMN email TO e_mail");
        var number = (string)(await billing.QueryAsync("SELECT customer_number FROM customers ORDER BY id")).First()[0]!;
        var before = await billing.QueryAsync("SELECT * FROM customers ORDER BY id");

        var problem = await Should.ThrowAsync<DatastoreProblem>(() => billing.Connector().EraseAsync([new Identity("customer_number", number)], Key, DateOnly.FromDateTime(TestClock.Start.UtcDateTime), default));

        problem.Message.ShouldContain("customers.email");
        (await billing.QueryAsync("SELECT * FROM customers ORDER BY id")).ShouldBe(before);
    }

    [Fact]
    public async Task A_read_only_database_user_is_enough_for_access_and_an_erasure_through_it_changes_nothing()
    {
        var billing = await DemoStore.BuildAsync(DatabaseProvider.Postgres, "flex4business", "billing", people: 5, now: TestClock.Start);
        var schema = new Npgsql.NpgsqlConnectionStringBuilder(billing.ConnectionString).SearchPath!;
        var reader = "reader_" + Guid.NewGuid().ToString("N")[..12];
        await billing.ExecuteAsync($"CREATE ROLE {reader} LOGIN PASSWORD 'read-only-1'; GRANT USAGE ON SCHEMA \"{schema}\" TO {reader}; GRANT SELECT ON ALL TABLES IN SCHEMA \"{schema}\" TO {reader}");
        var readOnly = new Npgsql.NpgsqlConnectionStringBuilder(billing.ConnectionString) { Username = reader, Password = "read-only-1" }.ConnectionString;
        var connector = new SqlConnector(billing.Manifest, billing.Name, billing.Store, readOnly);
        var number = (string)(await billing.QueryAsync("SELECT customer_number FROM customers ORDER BY id")).First()[0]!;

        var found = await connector.ReadAsync([new Identity("customer_number", number)], _ => ValueTask.CompletedTask, default);

        found["customers"].ShouldBe(1);
        var before = await billing.QueryAsync("SELECT * FROM customers ORDER BY id");
        var invoices = await billing.QueryAsync("SELECT * FROM invoices ORDER BY id");
        await Should.ThrowAsync<Npgsql.PostgresException>(() => connector.EraseAsync([new Identity("customer_number", number)], Key, new DateOnly(2100, 1, 1), default));
        (await billing.QueryAsync("SELECT * FROM customers ORDER BY id")).ShouldBe(before);
        (await billing.QueryAsync("SELECT * FROM invoices ORDER BY id")).ShouldBe(invoices);
    }
}
