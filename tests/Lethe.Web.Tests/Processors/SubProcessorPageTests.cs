using Microsoft.Extensions.DependencyInjection;
using Lethe.Tenancy;
using Lethe.Tests.Processors;
using Lethe.Tests.Support;
using Lethe.Web.Tests.Support;

namespace Lethe.Web.Tests.Processors;

/// <summary>
/// In Danish: a customer's admin sees the sub-processors its processor uses for it and objects to a new one; the
/// processor's officer links and unlinks the customers it serves.
/// </summary>
public sealed class SubProcessorPageTests : BrowserTest
{
    private const string NewSubProcessor = "  - key: sms\n    name: Nordic SMS Gateway AB\n    service:\n      en: Sending text messages for customers' solutions\n"
        + "      da: Afsendelse af sms'er til kundernes løsninger\n    location: SE\n    role: sub-processor\n    agreementDate: 2026-11-01\n    agreementReference: DPA-SMS-1\n";

    [Fact]
    public async Task A_customer_admin_sees_the_sub_processors_and_objects_to_a_new_one_in_Danish()
    {
        var db = Server.Database;
        var flexfone = await db.CreateTenantAsync("flexfone-proc");
        var yaml = ProcessorTenants.SampleYaml("flexfone");
        await db.ImportAsync(flexfone, yaml);
        var bakery = await db.CustomerAsync("bageriet", flexfone);
        await Server.AddPersonAsync("ejer@bageriet.example", Role.CustomerAdmin, bakery);
        await Server.AddPersonAsync("dpo@flexfone.example", Role.PrivacyOfficer, flexfone);
        await db.ImportAsync(flexfone, yaml.Replace("retention:\n", NewSubProcessor + "retention:\n", StringComparison.Ordinal));

        var page = await SignedInPageAsync("ejer@bageriet.example");
        await page.SelectOptionAsync("#language", "da");
        await page.ClickAsync("form.language button");
        await page.GotoAsync("/t/bageriet");
        await page.ClickAsync("nav >> text=Underdatabehandlere");

        (await page.TextContentAsync("#processor") ?? "").ShouldContain(flexfone.Name);
        (await page.TextContentAsync("#sub-processor-tdc") ?? "").ShouldContain("Mobil- og fastnettjenester til kundernes løsninger");
        (await page.TextContentAsync("#announced-sms") ?? "").ShouldContain("varslet, træder i kraft");
        (await page.Locator("#sub-processor-sms").CountAsync()).ShouldBe(0, "not in use until its notice ends");
        var notice = page.Locator("section.card").First;
        (await notice.TextContentAsync() ?? "").ShouldContain("Nordic SMS Gateway AB (SE) tilføjes som underdatabehandler.");
        await Screens.ShootAsync(page, "console-sub-processors-da");

        await notice.Locator("textarea").FillAsync("Vores kunders numre må ikke forlade Danmark.");
        await notice.Locator("button").ClickAsync();
        (await page.TextContentAsync("section.card .objected") ?? "").ShouldContain("I gjorde indsigelse: Vores kunders numre må ikke forlade Danmark.");
        (await page.Locator("section.card textarea").CountAsync()).ShouldBe(0);
        await Screens.ShootAsync(page, "console-sub-processors-objected-da");

        // The processor sees the objection before the change takes effect.
        var officer = await SignedInPageAsync("dpo@flexfone.example");
        await officer.GotoAsync("/t/flexfone-proc/processors");
        (await officer.TextContentAsync("section.card") ?? "").ShouldContain("Vores kunders numre må ikke forlade Danmark.");
        (await officer.TextContentAsync("#processor-tdc") ?? "").ShouldContain("DBA-TDC-2022-01");

        // The public list, in the visitor's language, without a sign-in.
        var visitor = await NewPageAsync();
        await visitor.GotoAsync("/p/bageriet/sub-processors?culture=da");
        (await visitor.TextContentAsync("h1") ?? "").ShouldBe("Underdatabehandlere");
        var list = await visitor.TextContentAsync("#sub-processors") ?? "";
        list.ShouldContain("TDC Holding A/S");
        (await visitor.TextContentAsync("#announced-sms") ?? "").ShouldContain("varslet, træder i kraft");
        await Screens.ShootAsync(visitor, "public-sub-processors-da");
    }

    [Fact]
    public async Task An_officer_of_both_tenants_links_a_customer_to_its_processor_and_unlinks_it_in_Danish()
    {
        var db = Server.Database;
        var flexfone = await db.CreateTenantAsync("flexfone-link");
        await db.ImportAsync(flexfone, ProcessorTenants.SampleYaml("flexfone"));
        var bakery = await db.CustomerAsync("bageriet-link", null);
        var other = await db.CustomerAsync("andres-kunde", null);
        await Server.AddPersonAsync("dpo@flexfone.example", Role.PrivacyOfficer, flexfone);
        await Server.AddPersonAsync("dpo@flexfone.example", Role.PrivacyOfficer, bakery);

        var page = await SignedInPageAsync("dpo@flexfone.example");
        await page.SelectOptionAsync("#language", "da");
        await page.ClickAsync("form.language button");
        await page.GotoAsync("/t/flexfone-link/processors");
        (await page.TextContentAsync("#no-customers") ?? "").ShouldContain("Ingen kundelejer");
        // Only tenants the officer edits are offered: not another company's customer.
        var offered = await page.Locator("#serve-customer option").AllTextContentsAsync();
        offered.ShouldBe([$"{bakery.Name} (bageriet-link)"]);
        await Screens.ShootAsync(page, "console-processor-customers-da");

        await page.ClickAsync("#serve button");
        (await page.TextContentAsync("#customer-bageriet-link") ?? "").ShouldContain(bakery.Name);
        (await page.Locator("#serve-customer").CountAsync()).ShouldBe(0);
        await using (var scope = db.Scope())
        {
            var tenants = scope.ServiceProvider.GetRequiredService<TenantCommands>();
            (await tenants.FindAsync("bageriet-link", default)).ShouldNotBeNull().ServedBy.ShouldBe(flexfone.Id);
            (await tenants.FindAsync("andres-kunde", default)).ShouldNotBeNull().ServedBy.ShouldBeNull();
        }

        await Screens.ShootAsync(page, "console-processor-customers-linked-da");
        await page.ClickAsync("#customer-bageriet-link button");
        (await page.TextContentAsync("#no-customers") ?? "").ShouldContain("Ingen kundelejer");
        await using (var scope = db.Scope())
        {
            (await scope.ServiceProvider.GetRequiredService<TenantCommands>().FindAsync("bageriet-link", default)).ShouldNotBeNull().ServedBy.ShouldBeNull();
        }
    }
}
