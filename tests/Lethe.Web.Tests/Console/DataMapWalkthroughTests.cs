using Lethe.Tenancy;
using Lethe.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Lethe.Web.Tests.Console;

/// <summary>A privacy officer reviews the data map, imports a change, sees the notice drift, republishes and reads the diff.</summary>
public sealed class DataMapWalkthroughTests : BrowserTest
{
    [Fact]
    public async Task The_privacy_officer_changes_a_retention_period_and_republishes_the_notice()
    {
        Tenant demo;
        await using (var scope = Server.Database.Scope())
        {
            demo = (await scope.ServiceProvider.GetRequiredService<TenantCommands>().FindAsync("flex4business", default))!;
        }

        await Server.AddPersonAsync("dpo@flex4business.example", Role.PrivacyOfficer, demo);
        var page = await SignedInPageAsync("dpo@flex4business.example");

        // The data map of the demo tenant (seed 001), from the first run.
        await page.GotoAsync("/t/flex4business");
        await page.ClickAsync("nav >> text=Data map");
        (await page.TextContentAsync("#data-map-revision") ?? "").ShouldContain("Revision 1");
        (await page.TextContentAsync("#activities") ?? "").ShouldContain("Invoicing and bookkeeping as the Danish Bookkeeping Act requires");
        (await page.TextContentAsync("#retention") ?? "").ShouldContain("kept at least 5 years, deleted at the latest after 5 years and 6 months");
        (await page.TextContentAsync("#processors") ?? "").ShouldContain("Nets Denmark A/S");

        // A broken manifest is refused with its line and column; nothing changes.
        await page.ClickAsync("text=Import a new version");
        var yaml = await page.InputValueAsync("#yaml");
        await page.FillAsync("#yaml", yaml.Replace("lethe: 2", "lethe: 3", StringComparison.Ordinal));
        await page.ClickAsync("main button[type=submit]");
        (await page.TextContentAsync("#manifest-errors") ?? "").ShouldContain("flex4business.yaml:1:8: lethe: is the format version and must be 2 (or 1, which is upgraded as it is read).");

        // IP logs kept 30 days instead of 90.
        await page.FillAsync("#yaml", yaml.Replace("maximum: P90D", "maximum: P30D", StringComparison.Ordinal));
        await page.ClickAsync("main button[type=submit]");
        page.Url.ShouldEndWith("/t/flex4business/data-map");
        (await page.TextContentAsync("#data-map-revision") ?? "").ShouldContain("Revision 2");

        // The published notice no longer states what is enforced, until it is republished.
        await page.ClickAsync("nav >> text=Privacy notice");
        (await page.TextContentAsync("#notice-check") ?? "").ShouldContain("retention ip_logs: minimum -, maximum P90D, delete");
        await page.ClickAsync("text=Publish a new version");
        await page.ClickAsync("main button[type=submit]");
        (await page.TextContentAsync("#notice-check") ?? "").ShouldContain("states what is in force");
        await page.ClickAsync("#notice-versions >> text=What changed");
        var diff = await page.TextContentAsync("#notice-diff") ?? "";
        diff.ShouldContain("- - IP addresses in security logs (deleted at the latest after 90 days)");
        diff.ShouldContain("+ - IP addresses in security logs (deleted at the latest after 30 days)");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ArtifactPath("notice-diff.png"), FullPage = true });

        // The public page shows the new version; the old one is still there.
        await page.GotoAsync("/p/flex4business/privacy?lang=en");
        (await page.TextContentAsync("main") ?? "").ShouldContain("deleted at the latest after 30 days");
        await page.GotoAsync("/p/flex4business/privacy/v/1?lang=en");
        (await page.TextContentAsync("main") ?? "").ShouldContain("deleted at the latest after 90 days");
    }
}
