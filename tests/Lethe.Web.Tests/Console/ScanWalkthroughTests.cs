using Lethe.Scanning;
using Lethe.Storage;
using Lethe.Tenancy;
using Lethe.Tests.Scanning;
using Lethe.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Lethe.Web.Tests.Console;

/// <summary>A privacy officer starts a scan, reads where e-mail addresses are and what to change, counts a masking job and runs it.</summary>
public sealed class ScanWalkthroughTests : BrowserTest
{
    [Fact]
    public async Task A_privacy_officer_scans_reads_the_suggestions_and_masks_a_free_text_column()
    {
        var f = await ScanFixture.CreateAsync(DatabaseProvider.Sqlite, Server.Database);
        await Server.AddPersonAsync("dpo@support.example", Role.PrivacyOfficer, f.Tenant);
        var page = await SignedInPageAsync("dpo@support.example");

        await page.GotoAsync($"/t/{f.Tenant.Slug}");
        await page.ClickAsync("nav >> text=Scan");
        (await page.TextContentAsync("#no-scan") ?? "").ShouldContain("No scan has run yet");
        await page.ClickAsync("#start-scan button");
        (await page.TextContentAsync("#scan-status") ?? "").ShouldContain("Running");
        await Server.App.Services.GetRequiredService<ScanWorker>().RunDueAsync(default);
        await page.ReloadAsync();

        var findings = await page.TextContentAsync("#scan-findings") ?? "";
        findings.ShouldContain("notes.content holds e-mail addresses, but the data map does not describe it");
        findings.ShouldContain("1000 2000 3000 4000 5000");
        findings.ShouldNotContain("eksempel.dk");
        var body = page.Locator("#scan-findings tr", new() { HasTextString = "tickets.body" });
        await body.Locator("button", new() { HasTextString = "Count what masking changes" }).ClickAsync();
        (await page.TextContentAsync("#masked") ?? "").ShouldBe($"Masking would replace {ScanFixture.TicketsPlanted.Count} matches in {ScanFixture.TicketsPlanted.Count} rows of tickets.body. Nothing has been changed yet.");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ArtifactPath("scan.png"), FullPage = true });

        // The same form sent with a dry-run flag that cannot be read is refused, not taken as false (a real masking).
        var maskForm = body.Locator("form", new() { Has = page.Locator("button", new() { HasTextString = "Mask in the database" }) });
        var action = (await maskForm.GetAttributeAsync("action"))!;
        action.ShouldContain("dryRun=false");
        var crafted = page.APIRequest.CreateFormData();
        crafted.Set("__RequestVerificationToken", await maskForm.Locator("input[name=__RequestVerificationToken]").InputValueAsync());
        var refused = await page.APIRequest.PostAsync(action.Replace("dryRun=false", "dryRun=maybe", StringComparison.Ordinal), new() { Form = crafted });
        refused.Status.ShouldBe(400);
        (await refused.TextAsync()).ShouldContain("These values could not be read as they were sent: dryRun.");
        (await f.QueryAsync("SELECT count(*) FROM tickets WHERE body LIKE '%[email removed]%'")).Single()[0].ShouldBe(0L);

        await page.Locator("#scan-findings tr", new() { HasTextString = "tickets.body" }).Locator("button", new() { HasTextString = "Mask in the database" }).ClickAsync();
        (await page.TextContentAsync("#masked") ?? "").ShouldBe($"Masked: {ScanFixture.TicketsPlanted.Count} matches replaced in {ScanFixture.TicketsPlanted.Count} rows of tickets.body.");
        (await f.QueryAsync("SELECT count(*) FROM tickets WHERE body LIKE '%[email removed]%'")).Single()[0].ShouldBe((long)ScanFixture.TicketsPlanted.Count);

        // In Danish, the suggestion is in Danish.
        await page.SetExtraHTTPHeadersAsync(new Dictionary<string, string> { ["Accept-Language"] = "da" });
        await page.GotoAsync($"/t/{f.Tenant.Slug}/scan");
        (await page.TextContentAsync("#scan-findings") ?? "").ShouldContain("notes.content indeholder e-mailadresser, men datakortet beskriver den ikke");
        var status = await page.TextContentAsync("#scan-status") ?? "";
        status.ShouldContain("(dansk tid)");
        // The fixture reads some 25,000 rows; a Danish reader takes "25,062" for twenty-five and a bit, so counts are
        // grouped as Danish groups them.
        status.ShouldMatch(@"\d{2}\.\d{3}");
        status.ShouldNotMatch(@"\d,\d{3}");
        await Screens.ShootAsync(page, "console-scan-da");
    }
}
