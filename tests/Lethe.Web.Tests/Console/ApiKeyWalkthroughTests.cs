using Lethe.Tenancy;
using Lethe.Web.Tests.Support;

namespace Lethe.Web.Tests.Console;

/// <summary>A privacy officer, in Danish, makes an API key for the webshop, copies its secret from the page that shows it once, and finds the key in the list.</summary>
public sealed class ApiKeyWalkthroughTests : BrowserTest
{
    [Fact]
    public async Task An_officer_makes_a_key_reads_its_secret_once_and_finds_it_in_the_list()
    {
        var page = await SignedInToDemoTenantAsync("dpo@flex4business.example", Role.PrivacyOfficer);
        await page.SelectOptionAsync("#language", "da");
        await page.ClickAsync("form.language button");
        await page.GotoAsync("/t/flex4business/api-keys/new");
        await page.FillAsync("#name", "Webshop");
        await page.CheckAsync("input[name=Scopes][value='requests:write']");
        (await page.TextContentAsync("form fieldset") ?? "").ShouldNotContain("requests:write requests:read", Case.Sensitive, "each scope is said in words beside its name");
        await Screens.ShootAsync(page, "console-api-key-new-da");
        await page.ClickAsync("main button[type=submit]");

        page.Url.ShouldEndWith("/secret");
        var secret = await page.TextContentAsync("#api-key-secret") ?? "";
        secret.ShouldStartWith("lethe_");
        (await page.TextContentAsync("#api-key-name") ?? "").ShouldBe("Webshop");
        (await page.TextContentAsync("main") ?? "").ShouldContain("…" + secret[^4..]);
        await Screens.ShootAsync(page, "console-api-key-secret-da");

        // Shown once: going back to it finds it gone, in Danish.
        await page.ReloadAsync();
        (await page.Locator("#api-key-secret").CountAsync()).ShouldBe(0);
        (await page.TextContentAsync("#api-key-secret-gone") ?? "").ShouldContain("tilbagekald nøglen");
        await page.ClickAsync("main a[href='/t/flex4business/api-keys']");
        (await page.TextContentAsync("main table") ?? "").ShouldContain("Webshop");
    }
}
