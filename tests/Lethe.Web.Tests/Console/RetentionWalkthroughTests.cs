using Lethe.Retention;
using Lethe.Tenancy;
using Lethe.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Lethe.Web.Tests.Console;

/// <summary>A privacy officer sees what retention will delete, holds the invoices for a tax audit, runs retention and reads the report.</summary>
public sealed class RetentionWalkthroughTests : BrowserTest
{
    [Fact]
    public async Task A_privacy_officer_holds_a_collection_runs_retention_and_reads_the_report()
    {
        var shop = await ShopTenant.CreateAsync(Server, "shop");
        var old = await shop.Erp.AgeEveryOtherInvoiceAsync();
        await Server.AddPersonAsync("dpo@shop.example", Role.PrivacyOfficer, shop.Tenant);
        var page = await SignedInPageAsync("dpo@shop.example");

        await page.GotoAsync("/t/shop");
        await page.ClickAsync("nav >> text=Retention");
        var rule = await page.TextContentAsync("#rule-bookkeeping") ?? "";
        rule.ShouldContain("erp.db.invoices");
        rule.ShouldContain(old.ToString(System.Globalization.CultureInfo.InvariantCulture));

        // A wrong date is refused with a message and nothing is placed.
        await page.SelectOptionAsync("#Collection", "erp.db.invoices");
        await page.FillAsync("#Reason", "Tax audit 2026, SKAT journal 11-22");
        await page.FillAsync("#Until", "2099-13-01");
        await page.EvalOnSelectorAsync("#Until", "e => e.removeAttribute('pattern')");
        await page.ClickAsync("#place-hold button");
        (await page.TextContentAsync("main") ?? "").ShouldContain("yyyy-MM-dd");
        (await page.Locator("#retention-holds tbody tr").CountAsync()).ShouldBe(0);

        await page.FillAsync("#Until", "");
        await page.ClickAsync("#place-hold button");
        (await page.TextContentAsync("#retention-holds") ?? "").ShouldContain("Tax audit 2026");
        (await page.TextContentAsync("#rule-bookkeeping") ?? "").ShouldContain("under a legal hold: Tax audit 2026");

        // In Danish, why the rule's rows are held is said in Danish around the reason as the officer wrote it.
        await page.SelectOptionAsync("#language", "da");
        await page.ClickAsync("form.language button");
        (await page.TextContentAsync("#rule-bookkeeping") ?? "").ShouldContain("omfattet af en retlig tilbageholdelse: Tax audit 2026");
        await Screens.ShootAsync(page, "retention-held-da");
        await page.SelectOptionAsync("#language", "en");
        await page.ClickAsync("form.language button");

        await page.ClickAsync("text=Run retention now");
        await Server.App.Services.GetRequiredService<RetentionWorker>().RunDueAsync(default);
        await page.ReloadAsync();
        var report = await page.TextContentAsync("section.run") ?? "";
        report.ShouldContain("finished");
        report.ShouldContain("bookkeeping");
        (await shop.Erp.QueryAsync("SELECT count(*) FROM invoices WHERE id % 2 = 0")).Single()[0].ShouldBe(old);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ArtifactPath("retention.png"), FullPage = true });

        // Released, the next run deletes the invoices past their period.
        await page.ClickAsync("#retention-holds button:has-text('Release')");
        (await page.TextContentAsync("#retention-holds") ?? "").ShouldContain("Released");
        await page.ClickAsync("text=Run retention now");
        await Server.App.Services.GetRequiredService<RetentionWorker>().RunDueAsync(default);
        (await shop.Erp.QueryAsync("SELECT count(*) FROM invoices WHERE id % 2 = 0")).Single()[0].ShouldBe(0L);
    }
}
