using System.Text.Json;
using Lethe.Consent;
using Lethe.Storage;
using Lethe.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Lethe.Web.Tests.Consent;

/// <summary>
/// The banner as a visitor meets it on the demo company's site, on a phone and on a desktop, in Danish and English:
/// each purpose in words written for the banner, who receives the data with a link to their policy, nothing wider than
/// the screen, and "Accept all" recording the cookie purposes only.
/// </summary>
public sealed class BannerLayoutTests : BrowserTest
{
    private static string Site(string language) => $$"""
        <!DOCTYPE html>
        <html lang="{{language}}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Flex4Business</title></head>
        <body style="margin:0;font-family:sans-serif"><h1 style="padding:1rem">Flex4Business</h1>
        <p style="padding:0 1rem">Fleksible systemer til små virksomheder.</p>
        <script src="/p/flex4business/consent.js"></script>
        </body></html>
        """;

    private async Task<List<ConsentEvent>> EventsAsync(int atLeast)
    {
        for (var i = 0; ; i++)
        {
            await using var scope = Server.Database.Scope();
            var events = await scope.ServiceProvider.GetRequiredService<LetheDbContext>().ConsentEvents.IgnoreQueryFilters().OrderBy(e => e.OccurredAt).ToListAsync();
            if (events.Count >= atLeast || i == 50)
            {
                return events;
            }

            await Task.Delay(100);
        }
    }

    [Theory]
    [InlineData("da", "Deles med:", "deres privatlivspolitik", "Statistik")]
    [InlineData("en", "Shared with:", "their privacy policy", "Statistics")]
    public async Task The_banner_names_who_gets_the_data_fits_phone_and_desktop_and_accept_all_records_only_cookie_purposes(
        string language, string shared, string policy, string statistics)
    {
        var recorded = 0;
        foreach (var (width, height) in new[] { (390, 844), (1280, 900) })
        {
            await using var context = await Chromium.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
            var page = await context.NewPageAsync();
            await page.RouteAsync("**/site/index.html", route => route.FulfillAsync(new RouteFulfillOptions { ContentType = "text/html", Body = Site(language) }));
            await page.GotoAsync(Server.BaseAddress + "site/index.html");
            var banner = page.Locator("#lethe-consent");
            await banner.WaitForAsync();

            var text = await banner.InnerTextAsync();
            text.ShouldContain(statistics);
            text.ShouldContain(shared);
            text.ShouldContain("Google Ireland Ltd. (Google Analytics)");
            text.ShouldContain("Meta Platforms Ireland Ltd. (Meta Pixel)");
            text.ShouldNotContain("newsletter", Case.Insensitive);
            text.ShouldNotContain("nyhedsbrev", Case.Insensitive);
            text.ShouldNotContain("cookie banner", Case.Insensitive);
            text.ShouldNotContain("cookieboksen", Case.Insensitive);
            var links = await page.EvalOnSelectorAllAsync<string[][]>("#lethe-consent a.lethe-recipient-policy", "as => as.map(a => [a.textContent, a.href])");
            links.Select(l => l[1]).ShouldBe(["https://policies.google.com/privacy", "https://www.facebook.com/privacy/policy/"]);
            links.ShouldAllBe(l => l[0] == policy);
            await AssertFitsAsync(page, width, height, "first layer");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ArtifactPath($"consent-banner-{language}-{width}.png") });

            // Customising shows each box with its label beside it, the necessary one ticked and locked.
            await page.ClickAsync("#lethe-customise");
            var boxes = await page.EvalOnSelectorAllAsync<string[][]>("#lethe-consent input[type=checkbox]",
                "bs => bs.map(b => [b.name, String(b.checked), String(b.disabled), document.querySelector('label[for=' + b.id + ']').textContent, String(Math.abs(b.getBoundingClientRect().top - document.querySelector('label[for=' + b.id + ']').getBoundingClientRect().top) < 12)])");
            boxes.Select(b => b[0]).ShouldBe(["necessary", "statistics", "marketing"]);
            boxes[0][1].ShouldBe("true");
            boxes[0][2].ShouldBe("true");
            boxes.Skip(1).ShouldAllBe(b => b[1] == "false");
            boxes.ShouldAllBe(b => b[4] == "true");
            await AssertFitsAsync(page, width, height, "customise");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ArtifactPath($"consent-banner-{language}-{width}-customise.png") });

            await page.ClickAsync("#lethe-accept");
            (await banner.CountAsync()).ShouldBe(0);
            recorded++;
            var given = (await EventsAsync(recorded)).Last();
            given.Action.ShouldBe(ConsentAction.Given);
            JsonSerializer.Deserialize<List<string>>(given.PurposesJson)!.ShouldBe(["statistics", "marketing"]);
            given.TextsHash.ShouldNotBeNullOrEmpty();
        }

        (await EventsAsync(recorded)).Count.ShouldBe(recorded, "accept all records one event, and no withdrawal of anything it did not show");
    }

    private static async Task AssertFitsAsync(IPage page, int width, int height, string state)
    {
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        overflow.ShouldBe(0, $"{state} at {width}×{height}: the page scrolls sideways");
        var box = await page.EvaluateAsync<double[]>("() => { const r = document.getElementById('lethe-consent').getBoundingClientRect(); return [r.left, r.right, r.top, r.bottom]; }");
        box[0].ShouldBeGreaterThanOrEqualTo(0);
        box[1].ShouldBeLessThanOrEqualTo(width);
        box[2].ShouldBeGreaterThanOrEqualTo(0, $"{state} at {width}×{height}: the banner's top is off the screen");
        box[3].ShouldBeLessThanOrEqualTo(height);
        var inner = await page.EvaluateAsync<int>("() => { const b = document.getElementById('lethe-consent'); return b.scrollWidth - b.clientWidth; }");
        inner.ShouldBe(0, $"{state} at {width}×{height}: the banner scrolls sideways");
    }
}
