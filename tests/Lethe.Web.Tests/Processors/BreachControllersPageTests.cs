using System.Globalization;
using Lethe.Audit;
using Lethe.Breaches;
using Lethe.Processors;
using Lethe.Storage;
using Lethe.Tenancy;
using Lethe.Tests.Processors;
using Lethe.Tests.Support;
using Lethe.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Web.Tests.Processors;

/// <summary>
/// In Danish: Flexfone's officer links its customers with their customer numbers, and a breach of the call recordings
/// opens the "tell the controllers" form with each customer's counts filled in by the data map and the customer the
/// breach did not touch left unticked.
/// </summary>
public sealed class BreachControllersPageTests : BrowserTest
{
    [Fact]
    public async Task The_form_to_tell_the_controllers_comes_counted_per_customer()
    {
        var db = Server.Database;
        var pbx = await DemoStore.BuildAsync(DatabaseProvider.Sqlite, "flexfone", "pbx", people: 6);
        var variable = "LETHE_TEST_PBX_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, pbx.ConnectionString);
        var flexfone = await db.CreateTenantAsync("flexfone-brud");
        await db.ImportAsync(flexfone, ProcessorTenants.SampleYaml("flexfone").Replace("env:LETHE_TEST_UNSET_FLEXFONE_PBX_DB", $"env:{variable}", StringComparison.Ordinal));
        var recordings = (await pbx.QueryAsync(
                "SELECT c.id, COUNT(r.id), COUNT(DISTINCT r.employee_id) FROM customers c JOIN employees e ON e.customer_id = c.id "
                + "JOIN call_recordings r ON r.employee_id = e.id GROUP BY c.id ORDER BY COUNT(r.id) DESC"))
            .Select(r => (Key: Convert.ToString(r[0], CultureInfo.InvariantCulture)!, Records: Convert.ToInt64(r[1], CultureInfo.InvariantCulture), People: Convert.ToInt64(r[2], CultureInfo.InvariantCulture)))
            .ToList();
        var busy = recordings[0];
        var quiet = recordings[1];
        await pbx.ExecuteAsync($"DELETE FROM call_recordings WHERE employee_id IN (SELECT id FROM employees WHERE customer_id = {quiet.Key})");
        var bakery = await db.CustomerAsync("bageriet-brud", null);
        var dentist = await db.CustomerAsync("tandlaegen-brud", null);
        await Server.AddPersonAsync("dpo@flexfone.example", Role.PrivacyOfficer, flexfone);
        await Server.AddPersonAsync("dpo@flexfone.example", Role.PrivacyOfficer, bakery);
        await Server.AddPersonAsync("dpo@flexfone.example", Role.PrivacyOfficer, dentist);

        var page = await SignedInPageAsync("dpo@flexfone.example");
        await page.SelectOptionAsync("#language", "da");
        await page.ClickAsync("form.language button");
        await page.GotoAsync("/t/flexfone-brud/processors");
        await page.SelectOptionAsync("#serve-customer", "bageriet-brud");
        await page.FillAsync("#serve-key", busy.Key);
        await page.ClickAsync("#serve button");
        (await page.TextContentAsync("#customer-bageriet-brud") ?? "").ShouldContain($"kundenummer {busy.Key}");
        await page.SelectOptionAsync("#serve-customer", "tandlaegen-brud");
        await page.FillAsync("#serve-key", quiet.Key);
        await page.ClickAsync("#serve button");

        Guid breach;
        await using (var scope = db.Scope())
        {
            var now = DateTime.UtcNow;
            breach = (await scope.ServiceProvider.GetRequiredService<BreachCommands>().RegisterAsync(flexfone, AuditActor.System, new BreachInput(
                now.AddHours(-3), now.AddHours(-1), "Optagelser af opkald lå tilgængelige på en forkert konfigureret lagerserver.", ["pbx.db.call_recordings"]), default))
                .Value.ShouldNotBeNull().Id;
        }

        await page.GotoAsync($"/t/flexfone-brud/breaches/{breach}/controllers");
        var row = page.Locator("#untold-bageriet-brud");
        (await row.Locator("input[name$='.People']").InputValueAsync()).ShouldBe(busy.People.ToString(CultureInfo.InvariantCulture));
        (await row.Locator("input[name$='.Records']").InputValueAsync()).ShouldBe(busy.Records.ToString(CultureInfo.InvariantCulture));
        (await row.Locator("input[type=checkbox]").IsCheckedAsync()).ShouldBeTrue();
        (await row.TextContentAsync() ?? "").ShouldContain("talt af Lethe ud fra datakortet");
        var untouched = page.Locator("#untold-tandlaegen-brud");
        (await untouched.Locator("input[type=checkbox]").IsCheckedAsync()).ShouldBeFalse();
        (await untouched.TextContentAsync() ?? "").ShouldContain("berører bruddet ingen af kundens personer");
        await Screens.ShootAsync(page, "console-breach-controllers-counted-da");

        await page.ClickAsync("#tell-controllers button[type=submit]");
        var sent = await page.TextContentAsync("#sent") ?? "";
        sent.ShouldContain(bakery.Name);
        (await page.Locator("#sent tbody tr").CountAsync()).ShouldBe(1);
        (await page.Locator("#untold-tandlaegen-brud").CountAsync()).ShouldBe(1);
        await using (var scope = db.Scope())
        {
            var notice = (await scope.ServiceProvider.GetRequiredService<ControllerBreachNotices>().ForBreachAsync(flexfone, breach, default)).ShouldHaveSingleItem();
            (notice.Controller.Id, notice.Notice.People, notice.Notice.Records).ShouldBe((bakery.Id, busy.People, busy.Records));
        }
    }
}
