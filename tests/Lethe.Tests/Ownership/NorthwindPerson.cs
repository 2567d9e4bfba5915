using Lethe.Execution;

namespace Lethe.Tests.Ownership;

/// <summary>The Northwind people the tests ask for: employees and the contact persons of customers and suppliers.</summary>
internal sealed record NorthwindPerson(string Table, string Key, Identity[] Identities)
{
    public static readonly IReadOnlyDictionary<string, NorthwindPerson> All = new Dictionary<string, NorthwindPerson>(StringComparer.Ordinal)
    {
        ["employee 2 Andrew Fuller, vice president five report to, by home phone"] = new("employees", "2", [new("phone", "(206) 555-9482")]),
        ["employee 5 Steven Buchanan, London manager who reports to Fuller, by home phone"] = new("employees", "5", [new("phone", "(71) 555-4848")]),
        ["employee 9 Anne Dodsworth, no one reports to her, by home phone"] = new("employees", "9", [new("phone", "(71) 555-4444")]),
        ["contact Maria Anders of customer ALFKI by full name, spelt loosely"] = new("customers", "ALFKI", [new("full_name", "  maria   ANDERS ")]),
        ["contact Charlotte Cooper of supplier 1 by full name"] = new("suppliers", "1", [new("full_name", "Charlotte Cooper")]),
    };

    private static readonly string[] EmployeeStrategies =
        ["last_name", "first_name", "title", "title_of_courtesy", "birth_date", "hire_date", "address", "city", "region", "postal_code", "country", "home_phone", "extension", "photo", "notes", "reports_to", "photo_path"];

    private string KeyColumn => Table == "customers" ? "customer_id" : Table == "suppliers" ? "supplier_id" : "employee_id";

    /// <summary>
    /// An employee: their row, their territory assignments with the territories beside them, and with only the key and
    /// the mention the colleagues who report to them and the orders they took. A contact person: their company's row,
    /// and nothing of the company's orders or products.
    /// </summary>
    public async Task<List<string>> AccessAsync(RealDatabase db)
    {
        var own = await RowLines.ExpectAsync(db, Table, RowRole.Owned, KeyColumn, $"SELECT {KeyColumn} FROM {Table} WHERE {KeyColumn} = {RowLines.Literal(Key)}");
        if (Table != "employees")
        {
            return own;
        }

        var territories = $"SELECT territory_id FROM employee_territories WHERE employee_id = {Key}";
        return own
            .Concat(await RowLines.ExpectAsync(db, "employee_territories", RowRole.Owned, "territory_id", territories))
            .Concat(await RowLines.ExpectAsync(db, "territories", RowRole.Context, "territory_id", territories))
            .Concat(await RowLines.ExpectAsync(db, "employees", RowRole.Mention, "employee_id", $"SELECT employee_id FROM employees WHERE reports_to = {Key}", "employee_id", "reports_to"))
            .Concat(await RowLines.ExpectAsync(db, "orders", RowRole.Mention, "order_id", $"SELECT order_id FROM orders WHERE employee_id = {Key}", "order_id", "employee_id"))
            .Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// An employee: their row's fields, reports_to of those who report to them and employee_id of the orders they took;
    /// their territory assignments stay. A contact person: only their name and title on the company's row.
    /// </summary>
    public async Task<List<string>> ErasureAsync(RealDatabase db)
    {
        if (Table != "employees")
        {
            return await RowLines.ChangedAsync(db, Table, KeyColumn, Key, "contact_name", "contact_title");
        }

        var changes = await RowLines.ChangedAsync(db, "employees", "employee_id", Key, EmployeeStrategies);
        changes.AddRange((await db.ColumnAsync($"SELECT employee_id FROM employees WHERE reports_to = {Key}")).Select(e => $"employees {e}: reports_to"));
        changes.AddRange((await db.ColumnAsync($"SELECT order_id FROM orders WHERE employee_id = {Key}")).Select(o => $"orders {o}: employee_id"));
        return changes.Order(StringComparer.Ordinal).ToList();
    }
}
