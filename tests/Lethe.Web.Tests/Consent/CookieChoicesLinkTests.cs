using Lethe.Web.Tests.Support;
using Microsoft.Playwright;

namespace Lethe.Web.Tests.Consent;

/// <summary>
/// "Change cookie choices" is one link for every page: with the banner on the company's page it opens the banner again;
/// on Lethe's own pages, which carry no banner, the same link leads to the privacy centre's explanation.
/// </summary>
public sealed class CookieChoicesLinkTests : BrowserTest
{
    private const string Site = """
        <!DOCTYPE html>
        <html lang="da"><head><meta charset="utf-8"><title>Flex4Business</title></head>
        <body>
        <h1>Flex4Business</h1>
        <footer><a id="choices" href="/p/flex4business/preferences?culture=da#cookies" data-lethe-consent-open>Skift dine cookievalg</a></footer>
        <script src="/p/flex4business/consent.js"></script>
        </body></html>
        """;

    [Fact]
    public async Task With_the_banner_on_the_page_the_link_opens_it_again_instead_of_leaving()
    {
        var page = await NewPageAsync();
        await page.RouteAsync("**/site/index.html", route => route.FulfillAsync(new RouteFulfillOptions { ContentType = "text/html", Body = Site }));
        await page.GotoAsync(Server.BaseAddress + "site/index.html");
        await page.ClickAsync("#lethe-reject");
        (await page.Locator("#lethe-consent").CountAsync()).ShouldBe(0);

        await page.ClickAsync("#choices");

        (await page.Locator("#lethe-consent").IsVisibleAsync()).ShouldBeTrue();
        page.Url.ShouldEndWith("/site/index.html");
    }

    [Fact]
    public async Task On_a_public_page_without_the_banner_the_link_leads_to_the_explanation()
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/p/flex4business/newsletter?culture=da");

        await page.ClickAsync("#footer-cookies");

        page.Url.ShouldContain("/p/flex4business/preferences?culture=da#cookies");
        (await page.TextContentAsync("#cookies") ?? "").ShouldContain("Skift dine cookievalg");
    }
}
