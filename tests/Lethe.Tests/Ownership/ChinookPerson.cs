using System.Globalization;
using Lethe.Execution;

namespace Lethe.Tests.Ownership;

/// <summary>The Chinook people the tests ask for: customers and employees, and what the data map says of each.</summary>
internal sealed record ChinookPerson(string Table, int Id, Identity[] Identities)
{
    public const string Frantisek = "customer 5 František Wichterlová (JetBrains) by e-mail and phone";
    public const string Luis = "customer 1 Luís Gonçalves (Embraer) by e-mail";
    public const string LuisRojas = "customer 57 Luis Rojas, 38 invoice lines from 2021 on, by e-mail";
    public const string Kara = "customer 9 Kara Nielsen by her phone as stored (+453 3331 9991)";
    public const string Jane = "employee 3 Jane Peacock, support agent of 21 customers, by e-mail";
    public const string Margaret = "employee 4 Margaret Park, support agent of 20 customers, by e-mail";
    public const string Andrew = "employee 1 Andrew Adams, general manager who reports to no one, by e-mail";

    public static readonly IReadOnlyDictionary<string, ChinookPerson> All = new Dictionary<string, ChinookPerson>(StringComparer.Ordinal)
    {
        [Frantisek] = new("Customer", 5, [new("email", "FrantisekW@jetbrains.com "), new("phone", "+420 2 4172 5555")]),
        [Luis] = new("Customer", 1, [new("email", "luisg@embraer.com.br")]),
        [LuisRojas] = new("Customer", 57, [new("email", "luisrojas@yahoo.cl")]),
        [Kara] = new("Customer", 9, [new("phone", "+453 3331 9991")]),
        [Jane] = new("Employee", 3, [new("email", "jane@chinookcorp.com")]),
        [Margaret] = new("Employee", 4, [new("email", "margaret@chinookcorp.com")]),
        [Andrew] = new("Employee", 1, [new("email", "andrew@chinookcorp.com")]),
    };

    // The columns with an erasure strategy in chinook.yaml, and those the bookkeeping rule requires kept.
    private static readonly string[] CustomerStrategies = ["FirstName", "LastName", "Company", "Address", "City", "State", "Country", "PostalCode", "Phone", "Fax", "Email", "SupportRepId"];
    private static readonly string[] CustomerRequired = ["FirstName", "LastName", "Company", "Address", "City", "State", "Country", "PostalCode"];
    private static readonly string[] EmployeeStrategies = ["LastName", "FirstName", "Title", "ReportsTo", "BirthDate", "HireDate", "Address", "City", "State", "Country", "PostalCode", "Phone", "Fax", "Email"];

    /// <summary>
    /// A customer: their Customer row, their invoices and invoice lines, and the tracks on the lines beside them; never
    /// their support agent's row. An employee: their Employee row, and with only the key and the mention the customers
    /// they are the support agent of and the colleagues who report to them; never an invoice.
    /// </summary>
    public async Task<List<string>> AccessAsync(RealDatabase db)
    {
        var invoices = $"SELECT \"InvoiceId\" FROM \"Invoice\" WHERE \"CustomerId\" = {Id}";
        var expected = Table == "Customer"
            ? new[]
            {
                await RowLines.ExpectAsync(db, "Customer", RowRole.Owned, "CustomerId", $"SELECT \"CustomerId\" FROM \"Customer\" WHERE \"CustomerId\" = {Id}"),
                await RowLines.ExpectAsync(db, "Invoice", RowRole.Owned, "InvoiceId", invoices),
                await RowLines.ExpectAsync(db, "InvoiceLine", RowRole.Owned, "InvoiceLineId", $"SELECT \"InvoiceLineId\" FROM \"InvoiceLine\" WHERE \"InvoiceId\" IN ({invoices})"),
                await RowLines.ExpectAsync(db, "Track", RowRole.Context, "TrackId", $"SELECT DISTINCT \"TrackId\" FROM \"InvoiceLine\" WHERE \"InvoiceId\" IN ({invoices})"),
            }
            : new[]
            {
                await RowLines.ExpectAsync(db, "Employee", RowRole.Owned, "EmployeeId", $"SELECT \"EmployeeId\" FROM \"Employee\" WHERE \"EmployeeId\" = {Id}"),
                await RowLines.ExpectAsync(db, "Customer", RowRole.Mention, "CustomerId", $"SELECT \"CustomerId\" FROM \"Customer\" WHERE \"SupportRepId\" = {Id}", "CustomerId", "SupportRepId"),
                await RowLines.ExpectAsync(db, "Employee", RowRole.Mention, "EmployeeId", $"SELECT \"EmployeeId\" FROM \"Employee\" WHERE \"ReportsTo\" = {Id}", "EmployeeId", "ReportsTo"),
            };
        return expected.SelectMany(e => e).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// A customer: invoices whose bookkeeping period has ended on <paramref name="today"/> go with their lines; while
    /// any is held the Customer row keeps what the act requires and loses the rest, else it loses every field with a
    /// strategy. An employee: their row's fields, and only the mention fields of the rows that name them.
    /// </summary>
    public async Task<List<string>> ErasureAsync(RealDatabase db, DateOnly today)
    {
        var changes = new List<string>();
        if (Table == "Employee")
        {
            changes.AddRange(await RowLines.ChangedAsync(db, "Employee", "EmployeeId", Id.ToString(CultureInfo.InvariantCulture), EmployeeStrategies));
            changes.AddRange((await db.ColumnAsync($"SELECT \"CustomerId\" FROM \"Customer\" WHERE \"SupportRepId\" = {Id}")).Select(c => $"Customer {c}: SupportRepId"));
            changes.AddRange((await db.ColumnAsync($"SELECT \"EmployeeId\" FROM \"Employee\" WHERE \"ReportsTo\" = {Id}")).Select(e => $"Employee {e}: ReportsTo"));
            return changes.Order(StringComparer.Ordinal).ToList();
        }

        var held = false;
        foreach (var invoice in await db.QueryAsync($"SELECT \"InvoiceId\", \"InvoiceDate\" FROM \"Invoice\" WHERE \"CustomerId\" = {Id}"))
        {
            // Bogføringsloven § 10: five years from the end of the financial year the invoice falls in.
            var year = int.Parse(RealDatabase.Text(invoice[1])![..4], CultureInfo.InvariantCulture);
            if (today < new DateOnly(year + 6, 1, 1))
            {
                held = true;
                continue;
            }

            var id = RealDatabase.Text(invoice[0]);
            changes.Add($"Invoice {id}: deleted");
            changes.AddRange((await db.ColumnAsync($"SELECT \"InvoiceLineId\" FROM \"InvoiceLine\" WHERE \"InvoiceId\" = {id}")).Select(l => $"InvoiceLine {l}: deleted"));
        }

        changes.AddRange(await RowLines.ChangedAsync(db, "Customer", "CustomerId", Id.ToString(CultureInfo.InvariantCulture),
            held ? CustomerStrategies.Except(CustomerRequired).ToArray() : CustomerStrategies));
        return changes.Order(StringComparer.Ordinal).ToList();
    }
}
