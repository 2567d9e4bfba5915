using Lethe.Tenancy;
using Lethe.Web.Tests.Support;
using Microsoft.Playwright;

namespace Lethe.Web.Tests.Console;

/// <summary>On a phone the console's menu folds away behind one button that names the page; on a desktop it is always there.</summary>
public sealed class PhoneMenuTests : BrowserTest
{
    [Fact]
    public async Task On_a_phone_the_menu_opens_from_a_button_naming_the_page_and_on_a_desktop_it_is_always_open()
    {
        var page = await SignedInToDemoTenantAsync("dpo@flex.example", Role.PrivacyOfficer);
        await page.SetExtraHTTPHeadersAsync(new Dictionary<string, string> { ["Accept-Language"] = "da" });
        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync("/t/flex4business/requests");

        var requests = page.Locator("nav.side a[href='/t/flex4business/requests']");
        var button = page.Locator("nav.side .menu-button");
        (await requests.IsVisibleAsync()).ShouldBeFalse("the links are folded away on a phone");
        (await button.IsVisibleAsync()).ShouldBeTrue();
        (await button.TextContentAsync() ?? "").ShouldContain("Menu");
        (await button.TextContentAsync() ?? "").ShouldContain(await page.TextContentAsync("main h1") ?? "?");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ArtifactPath("console-menu-closed-da-390-top.png") });
        var contentTop = (await page.Locator("main").BoundingBoxAsync())!.Y;
        contentTop.ShouldBeLessThan(300, "the page starts near the top, not under a page of links");
        var header = (await page.Locator("header.top").BoundingBoxAsync())!;
        header.Height.ShouldBeLessThan(100, "the header takes two rows on a phone: the tenant, then language and account");
        (await page.GetByLabel("Sprog").IsVisibleAsync()).ShouldBeTrue("the language list keeps its label for screen readers");
        (await page.Locator("header.top .who").IsVisibleAsync()).ShouldBeFalse();
        await Screens.ShootAsync(page, "console-menu-da");

        await page.SetViewportSizeAsync(390, 844);
        await button.ClickAsync();
        (await requests.IsVisibleAsync()).ShouldBeTrue("the button opens the menu");
        (await page.Locator("nav.side li.signed-in").TextContentAsync() ?? "").ShouldBe("dpo@flex.example", "the open menu says who is signed in");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ArtifactPath("console-menu-open-da-390.png") });
        await page.Locator("nav.side a[href='/t/flex4business/consent']").ClickAsync();
        page.Url.ShouldEndWith("/t/flex4business/consent");
        (await button.TextContentAsync() ?? "").ShouldContain(await page.TextContentAsync("main h1") ?? "?");
        (await requests.IsVisibleAsync()).ShouldBeFalse("a new page starts with the menu folded");

        // The keyboard reaches it too: Space on the focused menu opens it.
        await page.Locator("#menu-toggle").FocusAsync();
        await page.Keyboard.PressAsync("Space");
        (await requests.IsVisibleAsync()).ShouldBeTrue("Space on the focused menu opens it");

        await page.SetViewportSizeAsync(1280, 900);
        await page.GotoAsync("/t/flex4business/requests");
        (await button.IsVisibleAsync()).ShouldBeFalse("no menu button on a desktop");
        (await requests.IsVisibleAsync()).ShouldBeTrue("the links are always there on a desktop");
        (await page.Locator("header.top .who").IsVisibleAsync()).ShouldBeTrue("a desktop's header says who is signed in");
        (await page.Locator("nav.side li.signed-in").IsVisibleAsync()).ShouldBeFalse("and its menu does not say it again");
    }
}
