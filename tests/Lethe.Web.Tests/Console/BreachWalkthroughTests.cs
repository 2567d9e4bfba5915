using System.Globalization;
using Lethe.Localization;
using Lethe.Tenancy;
using Lethe.Web.Tests.Support;

namespace Lethe.Web.Tests.Console;

/// <summary>A privacy officer, in Danish, registers a breach, assesses it as a high risk, makes the notification to Datatilsynet and writes to the people.</summary>
public sealed class BreachWalkthroughTests : BrowserTest
{
    [Fact]
    public async Task A_privacy_officer_registers_a_breach_assesses_it_makes_the_notification_and_sends_the_letters_in_Danish()
    {
        var shop = await ShopTenant.CreateAsync(Server, "shop");
        var invoices = (long)(await shop.Erp.QueryAsync("SELECT count(*) FROM invoices")).Single()[0]!;
        // The people the letters go to, by plain SQL: whoever owns an order that was invoiced, once per address.
        var invoiced = (long)(await shop.Erp.QueryAsync(
            "SELECT count(DISTINCT lower(c.email)) FROM customers c JOIN orders o ON o.customer_id = c.id JOIN invoices i ON i.order_id = o.id WHERE c.email LIKE '%@%'")).Single()[0]!;
        invoiced.ShouldBeGreaterThan(0);
        await Server.AddPersonAsync("dpo@shop.example", Role.PrivacyOfficer, shop.Tenant);
        var page = await SignedInPageAsync("dpo@shop.example");
        await page.SelectOptionAsync("#language", "da");
        await page.ClickAsync("form.language button");

        await page.GotoAsync("/t/shop");
        await page.ClickAsync("nav >> text=Brud på persondatasikkerheden");
        (await page.TextContentAsync("#no-breaches") ?? "").ShouldContain("ikke registreret");

        // Two hours ago on the officer's wall clock in Denmark.
        var aware = TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow.AddHours(-2), LocalTime.Zone(Country.DK));
        await page.FillAsync("#AwareAt", aware.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture));
        await page.FillAsync("#Description", "En bærbar computer med en udskrift af fakturaerne blev stjålet fra en bil.");
        await page.SelectOptionAsync("#Affected", ["erp.db.invoices"]);
        await page.ClickAsync("#register-breach button");

        (await page.TextContentAsync("#breach-status") ?? "").ShouldBe("Åben");
        var clock = await page.TextContentAsync("#breach") ?? "";
        clock.ShouldContain("Tid tilbage: 69 t");
        clock.ShouldContain(aware.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
        (await page.TextContentAsync("#breach-counts") ?? "").ShouldContain(invoices.ToString("N0", CultureInfo.InvariantCulture));
        (await page.TextContentAsync("#breach-subjects") ?? "").ShouldContain("Kunder");

        // The overview shows the breach whose notification is owed, with its clock, and leads back to it.
        var breachUrl = page.Url;
        await page.GotoAsync("/t/shop");
        (await page.TextContentAsync("#open-breaches") ?? "").ShouldContain("Tid tilbage: 69 t");
        await page.ClickAsync("#open-breaches a");
        page.Url.ShouldBe(breachUrl);

        // A risk first: no letters are written for it.
        await page.SelectOptionAsync("#Risk", "risk");
        await page.FillAsync("#Reasons", "Betalingsreferencer for kunder, ukrypteret");
        await page.ClickAsync("#assess-breach button");
        (await page.TextContentAsync("#letters-not-high") ?? "").ShouldContain("høj risiko");
        (await page.Locator("#count-letters").CountAsync()).ShouldBe(0);

        await page.SelectOptionAsync("#Risk", "high_risk");
        await page.FillAsync("#Reasons", "Betalingsreferencer for kunder, ukrypteret");
        await page.FillAsync("#Consequences", "Risiko for svindel rettet mod kunderne");
        await page.FillAsync("#Measures", "Kunderne advares; adgangen er spærret");
        await page.ClickAsync("#assess-breach button");
        (await page.TextContentAsync("#breach-status") ?? "").ShouldBe("Vurderet");

        // Shown first, to send through the authority's own form: nothing is recorded, the breach is not yet notified.
        await page.ClickAsync("#preview-notification");
        (await page.TextContentAsync("#notification-preview") ?? "").ShouldContain("Anmeldelse af brud på persondatasikkerheden");
        (await page.TextContentAsync("#breach-status") ?? "").ShouldBe("Vurderet");
        (await page.Locator("#notification-1").CountAsync()).ShouldBe(0);
        await Screens.ShootAsync(page, "console-breach-preview-da");

        await page.ClickAsync("#record-notification");
        (await page.Locator("#notification-preview").CountAsync()).ShouldBe(0);
        var notification = await page.TextContentAsync("#notification-1") ?? "";
        notification.ShouldContain("Anmeldelse af brud på persondatasikkerheden");
        notification.ShouldContain($"Omkring {invoices.ToString("N0", CultureInfo.GetCultureInfo("da-DK"))} registreringer er berørt.");
        notification.ShouldContain("Risiko for svindel rettet mod kunderne");
        (await page.TextContentAsync("#breach-status") ?? "").ShouldBe("Anmeldt");
        await Screens.ShootAsync(page, "console-breach-da");

        // A further phase (Art. 33(4)): what it adds comes first in part 2, and the new measures replace the old.
        await page.FillAsync("#Added", "Computeren er fundet; disken var krypteret.");
        await page.FillAsync("#PhaseMeasures", "Computeren er tilbage, og disken er undersøgt");
        await page.ClickAsync("#record-notification");
        var phase = await page.TextContentAsync("#notification-2") ?? "";
        phase.ShouldContain("Hvad denne del tilføjer");
        phase.ShouldContain("Computeren er fundet; disken var krypteret.");
        phase.ShouldContain("Computeren er tilbage, og disken er undersøgt");
        (await page.InputValueAsync("#PhaseMeasures")).ShouldBe("Computeren er tilbage, og disken er undersøgt");
        await Screens.ShootAsync(page, "console-breach-phase-da");

        // The letters: a dry run counts them, then they go, once; a public notice is recorded beside them.
        await page.ClickAsync("#count-letters button");
        var plan = await page.TextContentAsync("#letters-plan") ?? "";
        plan.ShouldContain($"{invoiced} breve vil blive sendt ({invoiced} på dansk)");
        (await page.TextContentAsync("#letters-datastores") ?? "").ShouldContain("erp.db");
        await Screens.ShootAsync(page, "console-breach-letters-plan-da");
        await page.FillAsync("#LetterDescription", "En bil blev brudt op, og en computer med dine fakturaer blev stjålet.");
        await page.ClickAsync("#send-letters button");
        var sent = await page.TextContentAsync("#letters-sent") ?? "";
        sent.ShouldContain($"{invoiced} breve sendt ({invoiced} på dansk)");
        sent.ShouldContain("(dansk tid) af dpo@shop.example");
        sent.ShouldNotContain("<");
        (await page.Locator("#count-letters").CountAsync()).ShouldBe(0);
        await page.FillAsync("#NoticeReason", "Tidligere kunder har ingen e-mailadresse hos os");
        await page.FillAsync("#NoticeWhere", "https://shop.example/sikkerhed");
        await page.ClickAsync("#record-public-notice button");
        (await page.TextContentAsync("#public-notice") ?? "").ShouldContain("https://shop.example/sikkerhed");
        (await page.Locator("#record-public-notice").CountAsync()).ShouldBe(0);
        await Screens.ShootAsync(page, "console-breach-letters-da");

        await page.ClickAsync("#close-breach button");
        (await page.TextContentAsync("#breach-status") ?? "").ShouldBe("Lukket");
        await page.GotoAsync("/t/shop");
        (await page.Locator("#open-breaches").CountAsync()).ShouldBe(0);
    }
}
