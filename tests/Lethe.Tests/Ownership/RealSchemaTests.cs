using Lethe.Connectors;
using Lethe.Execution;
using Lethe.Storage;
using Lethe.Tests.Support;

namespace Lethe.Tests.Ownership;

/// <summary>
/// The walk and erasure on Chinook and Northwind with the data maps in Ownership/Datasets, person by person, on SQLite
/// and PostgreSQL. Every expectation is the test's own plain SQL over the live tables, written from the data map by
/// hand: what the person owns, which rows mention them and with which fields, and, around an erasure, every row of
/// every table compared before and after.
/// </summary>
public sealed class RealSchemaTests
{
    private static readonly byte[] HashKey = new byte[32];

    // Chinook's invoices run from 2021 to 2025, each kept five years from the end of its financial year (31 December):
    // an invoice of 2021 until 31 December 2026, erasable from 1 January 2027.
    private static readonly DateOnly EveryInvoiceHeld = new(2026, 6, 1);
    private static readonly DateOnly InvoicesOf2021Free = new(2027, 1, 1);
    private static readonly DateOnly NoInvoiceHeld = new(2031, 1, 1);

    public static TheoryData<RealSchema, DatabaseProvider, string> People
    {
        get
        {
            var data = new TheoryData<RealSchema, DatabaseProvider, string>();
            foreach (var (schema, person) in ChinookPerson.All.Keys.Select(p => (RealSchema.Chinook, p)).Concat(NorthwindPerson.All.Keys.Select(p => (RealSchema.Northwind, p))))
            {
                data.Add(schema, DatabaseProvider.Sqlite, person);
                data.Add(schema, DatabaseProvider.Postgres, person);
            }

            return data;
        }
    }

    public static TheoryData<DatabaseProvider, string> NorthwindPeople
    {
        get
        {
            var data = new TheoryData<DatabaseProvider, string>();
            foreach (var person in NorthwindPerson.All.Keys)
            {
                data.Add(DatabaseProvider.Sqlite, person);
                data.Add(DatabaseProvider.Postgres, person);
            }

            return data;
        }
    }

    /// <summary>
    /// Chinook: a customer's rows and the catalogue beside them, never their agent's; an employee's row and, with only
    /// the mention, the customers and colleagues that name them. Northwind: an employee's row, territories and the
    /// orders and colleagues that name them; a contact person's company row and nothing of the company's orders.
    /// </summary>
    [Theory]
    [MemberData(nameof(People))]
    public async Task Access_returns_exactly_the_persons_rows_the_rows_that_mention_them_and_the_context_beside_them(RealSchema schema, DatabaseProvider provider, string person)
    {
        await using var database = await RealSchemas.CreateAsync(schema, provider);
        var identities = schema == RealSchema.Chinook ? ChinookPerson.All[person].Identities : NorthwindPerson.All[person].Identities;
        var expected = schema == RealSchema.Chinook ? await ChinookPerson.All[person].AccessAsync(database) : await NorthwindPerson.All[person].AccessAsync(database);

        var found = await ReadAsync(database, identities);

        found.ShouldBe(expected, ignoreOrder: false, customMessage: person);
    }

    [Theory]
    [MemberData(nameof(ChinookErasures))]
    public async Task Erasure_on_Chinook_changes_only_the_persons_rows_and_the_fields_that_mention_them(DatabaseProvider provider, string person, string today)
    {
        await using var database = await RealSchemas.CreateAsync(RealSchema.Chinook, provider);
        var who = ChinookPerson.All[person];
        var day = DateOnly.ParseExact(today, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var expected = await who.ErasureAsync(database, day);
        var before = await database.SnapshotAsync();

        await Connector(database).EraseAsync(who.Identities, HashKey, day, CancellationToken.None);

        before.ChangesTo(await database.SnapshotAsync()).ShouldBe(expected, customMessage: $"{person} on {today}");
    }

    public static TheoryData<DatabaseProvider, string, string> ChinookErasures
    {
        get
        {
            var data = new TheoryData<DatabaseProvider, string, string>();
            foreach (var provider in new[] { DatabaseProvider.Sqlite, DatabaseProvider.Postgres })
            {
                foreach (var (person, day) in new[]
                {
                    (ChinookPerson.Frantisek, EveryInvoiceHeld), (ChinookPerson.LuisRojas, InvoicesOf2021Free), (ChinookPerson.Luis, NoInvoiceHeld),
                    (ChinookPerson.Kara, EveryInvoiceHeld), (ChinookPerson.Jane, EveryInvoiceHeld), (ChinookPerson.Margaret, NoInvoiceHeld),
                    (ChinookPerson.Andrew, EveryInvoiceHeld),
                })
                {
                    data.Add(provider, person, day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(NorthwindPeople))]
    public async Task Erasure_on_Northwind_changes_only_the_persons_rows_and_the_fields_that_mention_them(DatabaseProvider provider, string person)
    {
        await using var database = await RealSchemas.CreateAsync(RealSchema.Northwind, provider);
        var who = NorthwindPerson.All[person];
        var expected = await who.ErasureAsync(database);
        var before = await database.SnapshotAsync();

        await Connector(database).EraseAsync(who.Identities, HashKey, NoInvoiceHeld, CancellationToken.None);

        before.ChangesTo(await database.SnapshotAsync()).ShouldBe(expected, customMessage: person);
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task Erasure_under_the_bookkeeping_hold_keeps_the_buyers_name_and_address_and_erases_how_to_reach_them(DatabaseProvider provider)
    {
        await using var database = await RealSchemas.CreateAsync(RealSchema.Chinook, provider);
        const string Columns = "\"FirstName\", \"LastName\", \"Company\", \"Address\", \"City\", \"State\", \"Country\", \"PostalCode\"";
        var kept = (await database.QueryAsync($"SELECT {Columns} FROM \"Customer\" WHERE \"CustomerId\" = 5")).Single();
        var invoices = await database.ColumnAsync("SELECT \"InvoiceId\" FROM \"Invoice\" WHERE \"CustomerId\" = 5 ORDER BY 1");
        const string Lines = "SELECT l.\"InvoiceLineId\" FROM \"InvoiceLine\" l JOIN \"Invoice\" i ON i.\"InvoiceId\" = l.\"InvoiceId\" WHERE i.\"CustomerId\" = 5 ORDER BY 1";
        var lines = await database.ColumnAsync(Lines);

        await Connector(database).EraseAsync(ChinookPerson.All[ChinookPerson.Frantisek].Identities, HashKey, EveryInvoiceHeld, CancellationToken.None);

        (await database.QueryAsync($"SELECT {Columns} FROM \"Customer\" WHERE \"CustomerId\" = 5")).Single().ShouldBe(kept);
        var reach = (await database.QueryAsync("SELECT \"Email\", \"Phone\", \"Fax\", \"SupportRepId\" FROM \"Customer\" WHERE \"CustomerId\" = 5")).Single();
        RealDatabase.Text(reach[0]).ShouldStartWith("erased-");
        reach[1..].ShouldAllBe(v => v == null);
        (await database.ColumnAsync("SELECT \"InvoiceId\" FROM \"Invoice\" WHERE \"CustomerId\" = 5 ORDER BY 1")).ShouldBe(invoices);
        // requires: [InvoiceLine]: the lines are the invoice as issued, held with it.
        (await database.ColumnAsync(Lines)).ShouldBe(lines);
    }

    [Theory]
    [InlineData(RealSchema.Chinook)]
    [InlineData(RealSchema.Northwind)]
    public void The_data_maps_are_valid_without_warnings(RealSchema schema)
    {
        var file = $"{schema.ToString().ToLowerInvariant()}.yaml";

        var read = Lethe.DataMap.ManifestReader.Read(File.ReadAllText(Path.Combine(RealSchemas.DatasetsDirectory(), file)), file);

        read.Errors.Select(e => e.ToString()).ShouldBeEmpty();
        read.Warnings.Select(e => e.ToString()).ShouldBeEmpty();
        read.Manifest!.Format.ShouldBe(2);
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task A_phone_number_two_employees_share_stops_access_and_erasure_and_changes_nothing(DatabaseProvider provider)
    {
        await using var database = await RealSchemas.CreateAsync(RealSchema.Chinook, provider);
        // Nancy Edwards (2) and Jane Peacock (3) share the office line +1 (403) 262-3443.
        Identity[] shared = [new("phone", "+1 (403) 262-3443")];
        var before = await database.SnapshotAsync();

        var read = await Should.ThrowAsync<AmbiguousPerson>(() => ReadAsync(database, shared));
        await Should.ThrowAsync<AmbiguousPerson>(() => Connector(database).EraseAsync(shared, HashKey, NoInvoiceHeld, CancellationToken.None));

        read.Candidates.Select(c => RealDatabase.Text(c["EmployeeId"])).Order().ShouldBe(["2", "3"]);
        before.ChangesTo(await database.SnapshotAsync()).ShouldBeEmpty();
    }

    private static SqlConnector Connector(RealDatabase database)
    {
        var manifest = RealSchemas.DataMap(database.Schema);
        var store = manifest.Systems.Single().Datastores.Single();
        return new SqlConnector(manifest, $"{manifest.Systems[0].Key}.{store.Key}", store, database.ConnectionString);
    }

    /// <summary>Every row the walk gives, as <see cref="RowLines"/> in order.</summary>
    private static async Task<List<string>> ReadAsync(RealDatabase database, IReadOnlyCollection<Identity> identities)
    {
        var manifest = RealSchemas.DataMap(database.Schema);
        var keys = manifest.Systems.Single().Datastores.Single().Collections.ToDictionary(c => c.Name, c => c.KeyColumn, StringComparer.Ordinal);
        var rows = new List<FoundRow>();
        await Connector(database).ReadAsync(identities, row =>
        {
            rows.Add(row);
            return ValueTask.CompletedTask;
        }, CancellationToken.None);

        var lines = new List<string>();
        foreach (var row in rows)
        {
            lines.Add(await RowLines.LineAsync(database, row.Collection, row.Role, keys[row.Collection], row.Values));
        }

        return lines.Order(StringComparer.Ordinal).ToList();
    }
}
