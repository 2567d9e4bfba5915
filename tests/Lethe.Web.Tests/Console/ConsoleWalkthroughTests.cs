using Lethe.Tenancy;
using Lethe.Tests.Support;
using Lethe.Web.Tests.Support;
using Microsoft.Playwright;

namespace Lethe.Web.Tests.Console;

/// <summary>A new privacy officer's first session, in a real headless Chromium.</summary>
public sealed class ConsoleWalkthroughTests : BrowserTest
{
    [Fact]
    public async Task A_new_admin_sets_a_password_enrols_two_factor_signs_in_again_switches_to_danish_and_creates_a_tenant()
    {
        var granted = await Server.Database.GrantAsync("dpo@lethe.test", Role.PlatformAdmin);
        var page = await NewPageAsync();
        // A form sent back with errors answers 400 on purpose; anything else the browser complains of is a defect
        // (a CSP violation, a missing resource).
        var browserErrors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && !message.Text.Contains("status of 400", StringComparison.Ordinal))
            {
                browserErrors.Add(message.Text);
            }
        };

        // Sign in with the one-time password: Lethe insists on a new one first.
        await page.GotoAsync("/");
        page.Url.ShouldContain("/signin");
        await page.FillAsync("#email", "dpo@lethe.test");
        await page.FillAsync("#password", granted.OneTimePassword!);
        await page.ClickAsync("button:has-text('Sign in')");
        page.Url.ShouldEndWith("/account/password");
        await page.FillAsync("#current", granted.OneTimePassword!);
        await page.FillAsync("#new", "Correct-Horse-Battery-9");
        await page.FillAsync("#confirm", "Correct-Horse-Battery-9");
        await page.ClickAsync("main button:has-text('Change password')");
        (await page.TextContentAsync("h1")).ShouldBe("Tenants");

        // Enrol an authenticator: the code is computed here the way a phone computes it.
        await page.GotoAsync("/account/two-factor");
        var key = (await page.TextContentAsync("#authenticator-key"))!;
        (await page.GetAttributeAsync("img.qr", "src"))!.ShouldStartWith("data:image/png;base64,");
        await page.FillAsync("#enable-code", Totp.Code(key, DateTimeOffset.UtcNow));
        await page.ClickAsync("main button:has-text('Turn on')");
        (await page.Locator("#recovery-codes li").CountAsync()).ShouldBe(10);

        // Sign out and back in: now a second factor is asked for.
        await page.ClickAsync("header button:has-text('Sign out')");
        page.Url.ShouldContain("/signin");
        await page.FillAsync("#email", "dpo@lethe.test");
        await page.FillAsync("#password", "Correct-Horse-Battery-9");
        await page.ClickAsync("main button:has-text('Sign in')");
        page.Url.ShouldContain("/signin/two-factor");
        await page.FillAsync("#code", Totp.Code(key, DateTimeOffset.UtcNow));
        await page.ClickAsync("main button:has-text('Sign in')");
        (await page.TextContentAsync("h1")).ShouldBe("Tenants");

        // Danish, remembered across pages.
        await page.SelectOptionAsync("#language", "da");
        await page.ClickAsync("form.language button");
        (await page.TextContentAsync("h1")).ShouldBe("Lejere");
        (await page.TextContentAsync("header") ?? "").ShouldContain("Log ud");

        // A new tenant, with a check-digit error corrected on the way.
        await page.ClickAsync("a.button");
        await page.FillAsync("#Input_Slug", "flexfone");
        await page.FillAsync("#Input_Name", "Flexfone A/S");
        await page.FillAsync("#Input_RegistrationNumber", "42497763");
        await page.FillAsync("#Input_Address", "Vestergade 1, 8000 Aarhus C");
        await page.FillAsync("#Input_ContactEmail", "privacy@flexfone.example");
        await page.ClickAsync("main button[type=submit]");
        (await page.TextContentAsync(".validation-summary-errors") ?? "").ShouldContain("modulus 11");
        await page.FillAsync("#Input_RegistrationNumber", "42497762");
        await page.ClickAsync("main button[type=submit]");
        page.Url.ShouldEndWith("/t/flexfone");
        (await page.TextContentAsync("h1")).ShouldBe("Flexfone A/S");
        (await page.TextContentAsync("dl.facts") ?? "").ShouldContain("Datatilsynet");

        // The tenant switcher works without JavaScript.
        await page.SelectOptionAsync("#switch-tenant", "flex4business");
        await page.ClickAsync("form.switcher button");
        page.Url.ShouldEndWith("/t/flex4business");

        // Everything above is in the audit log.
        await page.GotoAsync("/audit");
        var log = (await page.TextContentAsync("#audit-log"))!;
        // In words, in the reader's language (Danish here), with the recorded action behind the disclosure.
        foreach (var action in new[] { "auth.sign-in", "auth.password-changed", "auth.two-factor-enabled", "auth.sign-out", "tenant.created" })
        {
            log.ShouldContain(Lethe.Localization.Texts.Get(Lethe.Localization.TextId.AuditAction(action), "da"));
            log.ShouldContain(action);
        }

        log.ShouldContain("dpo@lethe.test");

        // Still in Danish: times are data, written the same in every language.
        log.ShouldMatch(@"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ArtifactPath("console-audit-log.png"), FullPage = true });
        browserErrors.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_console_can_be_used_with_the_keyboard_alone()
    {
        await Server.AddPersonAsync("po@lethe.test", Role.PlatformAdmin);
        var page = await NewPageAsync();
        await page.GotoAsync("/signin");

        await page.FocusAsync("#email");
        await page.Keyboard.TypeAsync("po@lethe.test");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync(LetheServer.PersonPassword);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(url => !url.Contains("/signin", StringComparison.Ordinal));

        (await page.TextContentAsync("h1")).ShouldBe("Tenants");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ArtifactPath("console-tenants.png") });
    }
}
