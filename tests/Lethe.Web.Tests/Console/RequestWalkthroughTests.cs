using Lethe.Requests;
using Lethe.Tenancy;
using Lethe.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Lethe.Web.Tests.Console;

/// <summary>
/// A support agent registers an erasure a customer asked for by phone, sees what each system did, closes the
/// paper-archive task, and closes the request forwarded to the ERP partner once the partner confirms.
/// </summary>
public sealed class RequestWalkthroughTests : BrowserTest
{
    [Fact]
    public async Task An_agent_registers_an_erasure_and_closes_the_manual_task()
    {
        var shop = await ShopTenant.CreateAsync(Server, "shop");
        var number = await shop.CustomerNumberAsync();
        var before = (await shop.Erp.QueryAsync($"SELECT name FROM customers WHERE customer_number = '{number}'")).Single()[0];
        await Server.AddPersonAsync("agent@shop.example", Role.Agent, shop.Tenant);
        var page = await SignedInPageAsync("agent@shop.example");

        await page.GotoAsync("/t/shop");
        await page.ClickAsync("nav >> text=Requests");
        await page.ClickAsync("text=Register a request");
        await page.SelectOptionAsync("#type", "erasure");
        await page.FillAsync("#identity-customer_number", number);
        await page.SelectOptionAsync("#channel", "phone");
        await page.FillAsync("#identity-check", "Customer number and address read back on the call.");
        await page.ClickAsync("main button[type=submit]");
        page.Url.ShouldContain("/t/shop/requests/");
        (await page.TextContentAsync("#request-status") ?? "").ShouldContain("Verified");
        (await page.TextContentAsync("#request-verification") ?? "").ShouldContain("read back on the call");
        await page.ClickAsync("#approve-request button");
        (await page.TextContentAsync("#request-status") ?? "").ShouldContain("In progress");
        (await page.TextContentAsync("#step-erp-db") ?? "").ShouldContain("Pending");

        // The customer wrote about several years of orders: the agent extends the deadline by two months, with the reason.
        var due = DateOnly.Parse((await page.TextContentAsync("#request-due") ?? "").Trim()[..10], System.Globalization.CultureInfo.InvariantCulture);
        await page.SelectOptionAsync("#Months", "2");
        await page.FillAsync("#extension-reason", "The request covers orders over several years.");
        await page.ClickAsync("#extend-request button");
        var extended = await page.TextContentAsync("#request-due") ?? "";
        // Two more months from receipt: 59 to 62 days later, as the months fall (counted exactly in DeadlineTests).
        var newDue = DateOnly.Parse(extended.Trim()[..10], System.Globalization.CultureInfo.InvariantCulture);
        (newDue.DayNumber - due.DayNumber).ShouldBeInRange(59, 62, extended);
        extended.ShouldContain("Extended by 2");
        (await page.Locator("#extend-request").CountAsync()).ShouldBe(0);

        await Server.App.Services.GetRequiredService<RequestWorker>().RunDueAsync(default);
        await page.ReloadAsync();
        // The customer's invoices are under the bookkeeping act: they stay, and so does the customer they are made out to.
        var erp = await page.TextContentAsync("#step-erp-db") ?? "";
        erp.ShouldContain("Done", customMessage: erp);
        erp.ShouldContain("kept under the retention rule 'bookkeeping' (Bogføringsloven § 10) until", customMessage: erp);
        erp.ShouldContain("customers: 1 kept — referenced by invoices", customMessage: erp);
        (await page.TextContentAsync("main") ?? "").ShouldContain("Erasures waiting for a legal hold to end");
        var binders = await page.TextContentAsync("#step-paper_archive-binders") ?? "";
        binders.ShouldContain("Office manager");
        binders.ShouldContain("signed_contracts.signed_by");
        (await shop.Erp.QueryAsync($"SELECT name FROM customers WHERE customer_number = '{number}'")).Single()[0].ShouldBe(before);

        await page.FillAsync("#step-paper_archive-binders textarea[name=Note]", "Binder 2024 checked; one signed contract shredded.");
        await page.ClickAsync("#step-paper_archive-binders button");
        (await page.TextContentAsync("#step-paper_archive-binders") ?? "").ShouldContain("Binder 2024 checked");

        // The partner running the ERP receives the customer's data: the erasure is forwarded to it, due a week before the
        // deadline as it stood when forwarded, and the request waits until the partner confirms.
        (await page.TextContentAsync("#request-status") ?? "").ShouldContain("Awaiting external steps");
        var partner = await page.TextContentAsync("#step-sub-processor-erp_partner") ?? "";
        partner.ShouldContain("Processor: Partner running our order processing, invoicing and accounting systems");
        partner.ShouldContain($"Confirmation due by {due.AddDays(-7):yyyy-MM-dd}");
        partner.ShouldContain($"Forward the request to Partner running our order processing, invoicing and accounting systems by {due.AddDays(-7):yyyy-MM-dd}");
        partner.ShouldContain("delivery_and_invoicing: contact.name");

        // The agent works in Danish: the step says the same there, on a phone as on a desktop.
        await LanguageAsync(page, "da");
        var danish = await page.TextContentAsync("#step-sub-processor-erp_partner") ?? "";
        danish.ShouldContain("Databehandler: Partner running our order processing");
        danish.ShouldContain($"Bekræftelse senest {due.AddDays(-7):yyyy-MM-dd}");
        danish.ShouldContain($"Videresend anmodningen til Partner running our order processing, invoicing and accounting systems senest {due.AddDays(-7):yyyy-MM-dd}");
        // Why the invoices and their customer stay is said in Danish too (the rule's name and the law as written).
        var erpDanish = await page.TextContentAsync("#step-erp-db") ?? "";
        erpDanish.ShouldContain("bevares efter opbevaringsreglen »bookkeeping« (Bogføringsloven § 10) til", customMessage: erpDanish);
        erpDanish.ShouldContain("customers: 1 bevaret — refereres af invoices, som bevares efter »bookkeeping« til", customMessage: erpDanish);
        (await page.TextContentAsync("#step-sub-processor-erp_partner button") ?? "").ShouldBe("Databehandleren har bekræftet");
        await Screens.ShootAsync(page, "request-forwarded-da");

        await page.FillAsync("#step-sub-processor-erp_partner textarea[name=Note]", "Videresendt pr. e-mail; partneren bekræftede sletningen samme dag.");
        await page.ClickAsync("#step-sub-processor-erp_partner button");
        (await page.TextContentAsync("#step-sub-processor-erp_partner") ?? "").ShouldContain("partneren bekræftede sletningen");
        (await page.TextContentAsync("#request-status") ?? "").ShouldContain("Gennemført");
        await Screens.ShootAsync(page, "request-forwarded-closed-da");
        await LanguageAsync(page, "en");
        (await page.TextContentAsync("main dl") ?? "").ShouldNotContain("Open");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ArtifactPath("request-erasure.png"), FullPage = true });

        // The request list shows it completed; nothing waits any more.
        await page.ClickAsync("nav >> text=Requests");
        (await page.TextContentAsync("main") ?? "").ShouldNotContain("Waiting or failing");
    }

    private static async Task LanguageAsync(IPage page, string language)
    {
        await page.SelectOptionAsync("#language", language);
        await page.ClickAsync("form.language button");
    }
}
