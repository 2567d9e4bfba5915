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
        var revision = await page.TextContentAsync("#data-map-revision") ?? "";
        revision.ShouldContain("Revision 1");
        // The time is part of the sentence, in words: never its markup shown as text.
        revision.ShouldNotContain("<time");
        revision.ShouldContain("Danish time");
        (await page.TextContentAsync("#activities") ?? "").ShouldContain("Invoicing and bookkeeping as the Danish Bookkeeping Act requires");
        (await page.TextContentAsync("#retention") ?? "").ShouldContain("kept at least 5 years, deleted at the latest after 5 years and 6 months");
        (await page.TextContentAsync("#processors") ?? "").ShouldContain("Nets Denmark A/S");

        // A broken manifest is refused with its line and column; nothing changes.
        await page.ClickAsync("text=Import a new version");
        var yaml = await page.InputValueAsync("#yaml");
        await page.FillAsync("#yaml", yaml.Replace("lethe: 2", "lethe: 3", StringComparison.Ordinal));
        await page.ClickAsync("main button[type=submit]");
        (await page.TextContentAsync("#manifest-errors") ?? "").ShouldContain("flex4business.yaml:1:8: lethe: is the format version and must be 2 (or 1, which is upgraded as it is read).");

        // IP logs kept 30 days instead of 90: first what changes, then nothing stored until confirmed.
        await page.FillAsync("#yaml", yaml.Replace("maximum: P90D", "maximum: P30D", StringComparison.Ordinal));
        await page.ClickAsync("#import-form button[type=submit]");
        var change = page.Locator("#data-map-changes tbody tr");
        (await change.CountAsync()).ShouldBe(1);
        (await change.InnerTextAsync()).ShouldBe("Retention rule\tip_logs\tChanged: deleted at the latest after\t90 days\t30 days");
        (await page.TextContentAsync("#changed-lines") ?? "").ShouldContain("maximum: P30D");
        await using (var scope = Server.Database.Scope())
        {
            (await scope.ServiceProvider.GetRequiredService<Lethe.DataMap.DataMapCommands>().CurrentAsync(demo, default))!.Revision.ShouldBe(1, "a preview stores nothing");
        }

        await page.ClickAsync("#confirm-import button");
        page.Url.ShouldEndWith("/t/flex4business/data-map");
        (await page.TextContentAsync("#data-map-revision") ?? "").ShouldContain("Revision 2");

        // The published notice no longer states what is enforced, until it is republished.
        await page.ClickAsync("nav >> text=Privacy notice");
        (await page.TextContentAsync("#notice-check") ?? "").ShouldContain("no longer true: Retention of IP addresses in security logs: deleted at the latest after 90 days");
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

    [Fact]
    public async Task The_officer_uploads_a_data_map_file_sees_what_it_changes_in_danish_and_confirms_it()
    {
        Tenant demo;
        await using (var scope = Server.Database.Scope())
        {
            demo = (await scope.ServiceProvider.GetRequiredService<TenantCommands>().FindAsync("flex4business", default))!;
        }

        await Server.AddPersonAsync("dpo@flex4business.example", Role.PrivacyOfficer, demo);
        var page = await SignedInPageAsync("dpo@flex4business.example");
        await page.GotoAsync("/t/flex4business/data-map");
        // The demo's datastores are SQLite files, and the page says so.
        (await page.TextContentAsync("#systems") ?? "").ShouldContain("db (SQLite database)");
        (await page.TextContentAsync("#systems") ?? "").ShouldNotContain("PostgreSQL");

        await page.ClickAsync("text=Import a new version");
        var yaml = await page.InputValueAsync("#yaml");
        // A new processor for bookkeeping, Nets moved to Sweden, and invoices kept a year longer.
        var edited = yaml
            .Replace("- key: google_analytics\n", "- key: economic\n  name: e-conomic International A/S\n  service: Bookkeeping system\n  location: DK\n  role: processor\n- key: google_analytics\n", StringComparison.Ordinal)
            .Replace("  location: DK\n  role: processor\n  agreementDate: \"2023-04-01\"\n  agreementReference: DPA-NETS-2023\n  reviewDate: \"2026-04-01\"\n- key: economic",
                "  location: SE\n  role: processor\n  agreementDate: \"2023-04-01\"\n  agreementReference: DPA-NETS-2023\n  reviewDate: \"2026-04-01\"\n- key: economic", StringComparison.Ordinal)
            .Replace("maximum: P5Y6M", "maximum: P6Y6M", StringComparison.Ordinal);
        edited.ShouldContain("- key: economic");
        edited.ShouldContain("  location: SE\n");

        // Danish, chosen as a person chooses it.
        await page.SelectOptionAsync("#language", "da");
        await page.ClickAsync("form.language button");
        await page.SetInputFilesAsync("#file", new FilePayload { Name = "flex4business.yaml", MimeType = "application/yaml", Buffer = System.Text.Encoding.UTF8.GetBytes(edited) });
        await page.ClickAsync("#import-form button[type=submit]");

        var changes = await page.InnerTextAsync("#data-map-changes");
        changes.ShouldContain("Databehandler\teconomic\tTilføjet");
        changes.ShouldContain("Databehandler\tnets\tÆndret: placering\tDK\tSE");
        changes.ShouldContain("slettes senest efter\t5 år og 6 måneder\t6 år og 6 måneder");
        (await page.TextContentAsync("#preview-heading") ?? "").ShouldContain("version 1");
        // What the law says of the new processor is said in Danish too, at the field it is about.
        var warnings = await page.TextContentAsync("#preview-warnings") ?? "";
        warnings.ShouldContain(".agreementDate: e-conomic International A/S er databehandler uden en databehandleraftale (art. 28, stk. 3)");
        warnings.ShouldNotContain("without a data processing agreement");
        await Screens.ShootAsync(page, "data-map-preview-da");

        await page.ClickAsync("#confirm-import button");
        page.Url.ShouldEndWith("/t/flex4business/data-map");
        (await page.TextContentAsync("#processors") ?? "").ShouldContain("e-conomic International A/S");
        (await page.TextContentAsync("#data-map-revision") ?? "").ShouldContain("2");
        (await page.TextContentAsync("#legal-warnings") ?? "").ShouldContain("e-conomic International A/S er databehandler uden en databehandleraftale");

        // The data map in Danish: the names it gives its systems, people and data, not their keys.
        var activities = await page.TextContentAsync("#activities") ?? "";
        activities.ShouldContain("Besvarelse af henvendelser og tilbud, der er bedt om via hjemmesiden");
        activities.ShouldContain("Personer, der beder om et tilbud");
        activities.ShouldContain("E-mailadresse");
        activities.ShouldContain("Nets Denmark A/S");
        activities.ShouldNotContain("website_visitor");
        activities.ShouldNotContain("contact.email");
        var systems = await page.TextContentAsync("#systems") ?? "";
        systems.ShouldContain("Fakturering og bogføring");
        systems.ShouldNotContain("Invoicing and bookkeeping");
        await Screens.ShootAsync(page, "console-data-map-da");
    }
}
