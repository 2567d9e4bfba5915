using Lethe.Audit;
using Lethe.Consent;
using Lethe.Storage;
using Lethe.Tenancy;
using Lethe.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Lethe.Web.Tests.Console;

/// <summary>A privacy officer sees the consent purposes and counts, and looks up one person's consents and history.</summary>
public sealed class ConsentWalkthroughTests : BrowserTest
{
    [Fact]
    public async Task A_privacy_officer_reads_the_counts_and_looks_a_person_up_which_is_audited()
    {
        var demo = await IdasConsentsAsync();
        await Server.AddPersonAsync("dpo@flex4business.example", Role.PrivacyOfficer, demo);
        var page = await SignedInPageAsync("dpo@flex4business.example");
        await page.GotoAsync("/t/flex4business");
        await page.ClickAsync("nav >> text=Consent");

        var newsletter = await page.TextContentAsync("#purpose-newsletter") ?? "";
        newsletter.ShouldContain("1");
        (await page.TextContentAsync("#purpose-marketing") ?? "").ShouldContain("Meta Platforms Ireland Ltd. (Meta Pixel)");
        (await page.TextContentAsync("#suppression-size") ?? "").ShouldContain("1");
        var content = await page.ContentAsync();
        content.ShouldContain("purpose-newsletter", Case.Sensitive, "the counts page itself was read");
        content.ShouldNotContain("ida@example.dk", Case.Insensitive);

        // A malformed address is refused with a message; nothing is looked up.
        await page.EvalOnSelectorAsync("#consent-lookup input[name=Email]", "e => e.type = 'text'");
        await page.FillAsync("#consent-lookup input[name=Email]", "not an address");
        await page.ClickAsync("#consent-lookup button");
        (await page.TextContentAsync("main") ?? "").ShouldContain("e-mail address");
        (await page.Locator("#person-state").CountAsync()).ShouldBe(0);

        await page.FillAsync("#consent-lookup input[name=Email]", "IDA@example.dk");
        await page.ClickAsync("#consent-lookup button");
        var state = await page.TextContentAsync("#person-state") ?? "";
        state.ShouldContain("newsletter");
        (await page.Locator("#person-state tr:has-text('newsletter') td:nth-child(2)").TextContentAsync()).ShouldBe("given");
        (await page.Locator("#person-state tr:has-text('marketing') td:nth-child(2)").TextContentAsync()).ShouldBe("not given");
        (await page.Locator("#person-history tbody tr").CountAsync()).ShouldBe(2);
        (await page.TextContentAsync("#person-suppressed") ?? "").ShouldContain("On the suppression list");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ArtifactPath("consent-console.png"), FullPage = true });

        await using var check = Server.Database.Scope();
        (await check.ServiceProvider.GetRequiredService<LetheDbContext>().AuditEntries.IgnoreQueryFilters()
            .CountAsync(e => e.Action == AuditActions.ConsentHistoryRead && e.TenantId == demo.Id && e.ActorName == "dpo@flex4business.example")).ShouldBe(1);
    }

    [Fact]
    public async Task In_danish_the_counts_and_a_persons_consents_are_said_in_danish_on_a_phone_and_a_desktop()
    {
        var demo = await IdasConsentsAsync();
        await Server.AddPersonAsync("dpo@flex4business.example", Role.PrivacyOfficer, demo);
        var page = await SignedInPageAsync("dpo@flex4business.example", locale: "da-DK");
        await page.GotoAsync("/t/flex4business/consent");
        await page.FillAsync("#consent-lookup input[name=Email]", "ida@example.dk");
        await page.ClickAsync("#consent-lookup button");

        (await page.TextContentAsync("h1") ?? "").ShouldBe("Samtykke");
        (await page.TextContentAsync("#person-suppressed") ?? "").ShouldContain("På spærrelisten");
        (await page.Locator("#person-state tr:has-text('newsletter') td:nth-child(2)").CountAsync()).ShouldBe(0, "purposes are named in words, not by key");
        var states = await page.Locator("#person-state tbody td:nth-child(2)").AllTextContentsAsync();
        states.ShouldContain("givet");
        states.ShouldContain("ikke givet");
        var main = await page.TextContentAsync("main") ?? "";
        foreach (var english in new[] { "Consent now", "History", "not given", "On the suppression list", "Look up", "needs no consent" })
        {
            main.ShouldNotContain(english, Case.Sensitive);
        }

        (await page.TextContentAsync("#purpose-newsletter") ?? "").ShouldContain("nyhedsbreve", Case.Sensitive, "the counts name the purpose in Danish");
        await Screens.ShootAsync(page, "console-consent-da", async width =>
        {
            (await page.TextContentAsync("#person-suppressed") ?? "").ShouldContain("På spærrelisten", Case.Sensitive, $"at {width} px");
            (await page.Locator("#person-state tbody td:nth-child(2)").AllTextContentsAsync()).ShouldContain("ikke givet", $"at {width} px");
        });
    }

    /// <summary>Ida's newsletter and a withdrawn marketing consent, a browser's statistics, and Ida on the suppression list.</summary>
    private async Task<Tenant> IdasConsentsAsync()
    {
        await using var scope = Server.App.Services.CreateAsyncScope();
        var demo = (await scope.ServiceProvider.GetRequiredService<TenantCommands>().FindAsync("flex4business", default))!;
        var log = scope.ServiceProvider.GetRequiredService<ConsentLog>();
        (await log.RecordAsync(demo, AuditActor.System,
        [
            new ConsentInput("person", "Ida@Example.dk", "given", ["newsletter", "marketing"], "newsletter"),
            new ConsentInput("browser", "b7Hq2dK9xLmP4rTz", "given", ["statistics"], "banner"),
        ], default)).Succeeded.ShouldBeTrue();
        (await log.RecordAsync(demo, AuditActor.System, [new ConsentInput("person", "ida@example.dk", "withdrawn", ["marketing"], "preference_page")], default))
            .Succeeded.ShouldBeTrue();
        var suppression = scope.ServiceProvider.GetRequiredService<SuppressionList>();
        await suppression.AddAsync(demo, [("email", "ida@example.dk")], SuppressionList.Withdrawal, null, default);
        await scope.ServiceProvider.GetRequiredService<LetheDbContext>().SaveChangesAsync();
        return demo;
    }
}
