using Lethe.Tenancy;
using Lethe.Web.Tests.Support;

namespace Lethe.Web.Tests.Console;

/// <summary>The privacy officer sets a datastore secret from the data map, on a phone and a desktop, in English and Danish.</summary>
public sealed class DatastoreSecretsPageTests : BrowserTest
{
    [Fact]
    public async Task The_secrets_page_fits_a_phone_in_english_and_danish()
    {
        var officer = await SignedInToDemoTenantAsync("dpo@flex4business.example", Role.PrivacyOfficer);

        await officer.GotoAsync("/t/flex4business/data-map");
        await officer.ClickAsync("#datastore-secrets");
        await officer.FillAsync("#secret-name", "billing_replica");
        await officer.FillAsync("#secret-value", "Data Source=replica.db");
        await officer.ClickAsync("main form:has(#secret-name) button[type=submit]");
        var listed = await officer.TextContentAsync("#secrets") ?? "";
        listed.ShouldContain("secret:billing_replica");
        listed.ShouldNotContain("replica.db");
        await Screens.ShootAsync(officer, "secrets-en");

        await officer.SelectOptionAsync("#language", "da");
        await officer.ClickAsync("form.language button");
        (await officer.TextContentAsync("h1") ?? "").ShouldBe("Hemmeligheder til datalagre");
        (await officer.TextContentAsync("#secrets button") ?? "").ShouldBe("Fjern");
        await Screens.ShootAsync(officer, "secrets-da");
    }
}
