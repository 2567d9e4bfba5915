using System.Globalization;
using Lethe.Connectors;
using Lethe.Requests;
using Lethe.Tenancy;
using Lethe.Web.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Lethe.Web.Tests.Console;

/// <summary>
/// An erasure whose e-mail matches two customers of the demo tenant's billing database stops; the privacy officer sees
/// the two candidates (never who they are), chooses one, and only that customer is erased. Phone and desktop, English and Danish.
/// </summary>
public sealed class AmbiguousRequestTests : BrowserTest
{
    private const string SharedEmail = "family@example.dk";

    [Fact]
    public async Task The_officer_chooses_one_of_two_customers_and_only_that_customer_is_erased()
    {
        var billing = DemoBilling();
        await ExecuteAsync(billing, $"UPDATE customers SET email = '{SharedEmail}' WHERE id IN (3, 7)");
        var before = await CustomersAsync(billing);
        var officer = await SignedInToDemoTenantAsync("dpo@flex4business.example", Role.PrivacyOfficer);

        await officer.GotoAsync("/t/flex4business/requests/new");
        await officer.SelectOptionAsync("#type", "erasure");
        await officer.FillAsync("#identity-email", SharedEmail);
        await officer.FillAsync("#identity-check", "The person wrote from the address and confirmed the last invoice amount.");
        await officer.ClickAsync("main button[type=submit]");
        await officer.ClickAsync("#approve-request button");
        await RunWorkerAsync();
        await officer.ReloadAsync();

        // The step stops with two candidates, described without a name, an e-mail address or anything else with a category.
        var step = officer.Locator("#step-billing-db");
        (await step.TextContentAsync() ?? "").ShouldContain("Waiting");
        var candidates = step.Locator("ul.candidates > li");
        (await candidates.CountAsync()).ShouldBe(2);
        var shown = await step.TextContentAsync() ?? "";
        foreach (var row in before.Where(r => r.Id is 3 or 7))
        {
            shown.ShouldNotContain(row.Name);
            shown.ShouldNotContain(row.CustomerNumber);
            if (row.Address is { } address)
            {
                shown.ShouldNotContain(address);
            }
        }

        shown.ShouldNotContain(SharedEmail);
        (await CustomersAsync(billing)).ShouldBe(before);
        await Screens.ShootAsync(officer, "request-choose-en");

        // The same page in Danish: the candidates' words and the button are Danish.
        await officer.SelectOptionAsync("#language", "da");
        await officer.ClickAsync("form.language button");
        var danish = await step.TextContentAsync() ?? "";
        danish.ShouldContain("Det er denne person");
        danish.ShouldNotContain("This is the person");
        danish.ShouldNotContain("match several people");
        danish.ShouldNotContain("different people");
        await Screens.ShootAsync(officer, "request-choose-da");

        // The officer picks customer 7; it runs again for that row alone.
        await step.Locator("ul.candidates > li", new LocatorLocatorOptions { HasText = "id: 7" }).Locator("button").ClickAsync();
        (await officer.Locator("#step-billing-db ul.candidates").CountAsync()).ShouldBe(0);
        await RunWorkerAsync();
        await officer.ReloadAsync();

        (await officer.TextContentAsync("#step-billing-db") ?? "").ShouldContain("Udført");
        var after = await CustomersAsync(billing);
        after.Where(r => r.Id != 7).ShouldBe(before.Where(r => r.Id != 7));
        after.Single(r => r.Id == 7).Email.ShouldNotBe(SharedEmail);
        await Screens.ShootAsync(officer, "request-chosen-da");
    }

    private Task RunWorkerAsync() => Server.App.Services.GetRequiredService<RequestWorker>().RunDueAsync(default);

    /// <summary>The demo tenant's billing database, built at first run in its folder of Lethe's data directory.</summary>
    private string DemoBilling() => new SqliteConnectionStringBuilder
    {
        DataSource = Path.Combine(Server.Database.Settings.DataDirectory, OwnStore.DatastoreFolder, "flex4business", "billing-db.db"),
        Mode = SqliteOpenMode.ReadWrite,
        Pooling = false,
    }.ConnectionString;

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        (await command.ExecuteNonQueryAsync()).ShouldBe(2);
    }

    private static async Task<List<Customer>> CustomersAsync(string connectionString)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, customer_number, name, email, address FROM customers ORDER BY id";
        var rows = new List<Customer>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(new Customer(
                reader.GetInt64(0), Convert.ToString(reader.GetValue(1), CultureInfo.InvariantCulture) ?? "", reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4)));
        }

        return rows;
    }

    private sealed record Customer(long Id, string CustomerNumber, string Name, string? Email, string? Address);
}
