using Lethe.RiskAssessments;
using Lethe.Storage;
using Lethe.Tenancy;
using Lethe.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Web.Tests.Console;

/// <summary>
/// A privacy officer, in Danish, sees an overdue risk assessment on the overview and in the calendar, assesses the
/// system, and works through the half-yearly review to its printable report — at phone and desktop sizes.
/// </summary>
public sealed class ReviewWalkthroughTests : BrowserTest
{
    [Fact]
    public async Task A_privacy_officer_assesses_a_system_and_completes_the_half_yearly_review_in_Danish()
    {
        var shop = await ShopTenant.CreateAsync(Server, "shop");
        await Server.AddPersonAsync("dpo@shop.example", Role.PrivacyOfficer, shop.Tenant);
        await Server.AddPersonAsync("mette@shop.example", Role.PrivacyOfficer, shop.Tenant);
        // The ERP was last assessed thirteen months ago: its yearly assessment is overdue.
        await using (var scope = Server.Database.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
            db.RiskAssessments.Add(new RiskAssessment
            {
                TenantId = shop.Tenant.Id, System = "erp", Likelihood = 2, Impact = 2, ResidualLikelihood = 1, ResidualImpact = 2,
                Measures = "Backup", Reasons = "First assessment", AssessedAt = DateTime.UtcNow.AddMonths(-13), AssessedBy = "it@shop.example",
            });
            await db.SaveChangesAsync();
        }

        var page = await SignedInPageAsync("dpo@shop.example");
        await page.SelectOptionAsync("#language", "da");
        await page.ClickAsync("form.language button");

        await page.GotoAsync("/t/shop");
        var due = await page.TextContentAsync("#duties-due") ?? "";
        due.ShouldContain("Risikovurdering erp");
        due.ShouldContain("Overskredet");
        due.ShouldNotContain("paper_archive");
        await page.ClickAsync("nav >> text=Årshjul");
        (await page.TextContentAsync("#duty-risk-assessment-erp") ?? "").ShouldContain("it@shop.example");
        (await page.TextContentAsync("#duty-half-yearly-review") ?? "").ShouldContain("Kommende");
        // The officer gives the next review to a colleague; the calendar says so from then on.
        await page.SelectOptionAsync("#owner-duty-half-yearly-review", "mette@shop.example");
        await page.ClickAsync("#duty-half-yearly-review form button");
        page.Url.ShouldEndWith("/t/shop/calendar#duty-half-yearly-review");
        (await page.InputValueAsync("#owner-duty-half-yearly-review")).ShouldBe("mette@shop.example");
        (await page.TextContentAsync("#owner-duty-half-yearly-review option[value='']") ?? "").ShouldContain("som årshjulet bestemmer");
        await Screens.ShootAsync(page, "console-calendar-da");

        await page.ClickAsync("#duty-risk-assessment-erp a");
        await page.SelectOptionAsync("#Likelihood-erp", "3");
        await page.SelectOptionAsync("#Impact-erp", "3");
        await page.SelectOptionAsync("#ResidualLikelihood-erp", "1");
        await page.SelectOptionAsync("#ResidualImpact-erp", "3");
        await page.FillAsync("#Reasons-erp", "Kundernes adresser og fakturaer; adgang kun for to medarbejdere.");
        await page.ClickAsync("#system-erp form button");
        var erp = await page.TextContentAsync("#system-erp .latest") ?? "";
        erp.ShouldContain("Høj (3 × 3)");
        erp.ShouldContain("Lav (1 × 3)");
        (await page.TextContentAsync("#measures") ?? "").ShouldContain("Antivirus og backup");
        await Screens.ShootAsync(page, "console-risks-da");

        await page.GotoAsync("/t/shop/calendar");
        await page.ClickAsync("#calendar-links >> text=Halvårlige kontroller");
        await page.ClickAsync("#start-review button");
        var items = page.Locator("#items > li");
        (await items.CountAsync()).ShouldBe(5);
        (await page.TextContentAsync("#open-items") ?? "").ShouldContain("5 punkt(er) mangler en afgørelse");

        // The first item was changed: the note says how. The rest stand as they are.
        await page.CheckAsync("#item-1 input[value=changed]");
        await page.FillAsync("#note-1", "Arkivet er flyttet til et aflåst rum.");
        await page.ClickAsync("#item-1 button[name=Save]");
        (await page.TextContentAsync("#item-1 .decision") ?? "").ShouldContain("Ændret: Arkivet er flyttet til et aflåst rum.");
        await Screens.ShootAsync(page, "console-review-da");
        for (var i = 2; i <= 5; i++)
        {
            await page.CheckAsync($"#item-{i} input[value=confirmed]");
            await page.ClickAsync($"#item-{i} button[name=Save]");
            (await page.TextContentAsync($"#item-{i} .decision") ?? "").ShouldContain("Bekræftet");
        }

        await page.FillAsync("#Summary", "Alt gennemgået.");
        await page.ClickAsync("#complete-review button");
        (await page.TextContentAsync("#review-status") ?? "").ShouldBe("Afsluttet");
        (await page.Locator("#complete-review").CountAsync()).ShouldBe(0);
        (await page.Locator("#checklist").CountAsync()).ShouldBe(0);
        await Screens.ShootAsync(page, "console-review-completed-da");

        await page.ClickAsync("#review-report");
        var report = await page.TextContentAsync("body") ?? "";
        report.ShouldContain("Halvårlig kontrol af behandlingen af personoplysninger");
        report.ShouldContain("4 bekræftet, 1 ændret, 0 ikke afgjort");
        report.ShouldContain("Alt gennemgået.");
        // The report's own style applies under the console's policy, by its hash.
        (await page.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('th')).backgroundColor")).ShouldBe("rgb(238, 238, 238)");
        await Screens.ShootAsync(page, "console-review-report-da");

        await using (var scope = Server.Database.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
            var review = await db.Reviews.IgnoreQueryFilters().SingleAsync(r => r.TenantId == shop.Tenant.Id);
            review.CompletedBy.ShouldBe("dpo@shop.example");
            (await db.RiskAssessments.IgnoreQueryFilters().CountAsync(a => a.TenantId == shop.Tenant.Id && a.System == "erp")).ShouldBe(2);
        }
    }
}
