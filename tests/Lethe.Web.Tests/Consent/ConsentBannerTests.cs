using System.IO.Compression;
using System.Text.Json;
using Lethe.Consent;
using Lethe.Storage;
using Lethe.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Lethe.Web.Tests.Consent;

/// <summary>The banner on a plain web page of the demo company, in a real Chromium: refusing, accepting, GPC, the keyboard.</summary>
public sealed class ConsentBannerTests : BrowserTest
{
    private const string Page = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>Flex4Business</title></head>
        <body>
        <h1>Flex4Business</h1>
        <footer><a href="#" id="reopen">Cookie settings</a></footer>
        <script type="text/plain" data-lethe-purpose="marketing" src="/site/marketing-tag.js"></script>
        <script src="/p/flex4business/consent.js"></script>
        <script>document.getElementById("reopen").addEventListener("click", function (e) { e.preventDefault(); Lethe.consent.open(); });</script>
        </body></html>
        """;

    private async Task<IPage> SiteAsync(IBrowserContext context)
    {
        var page = await context.NewPageAsync();
        await page.AddInitScriptAsync("window.consentEvents = []; window.addEventListener('lethe:consent', function (e) { window.consentEvents.push(e.detail.purposes); });");
        await page.RouteAsync("**/site/index.html", route => route.FulfillAsync(new RouteFulfillOptions { ContentType = "text/html", Body = Page }));
        await page.RouteAsync("**/site/marketing-tag.js", route => route.FulfillAsync(new RouteFulfillOptions { ContentType = "text/javascript", Body = "window.marketingLoaded = true;" }));
        await page.GotoAsync(Server.BaseAddress + "site/index.html");
        return page;
    }

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

            // The banner sends with sendBeacon: it arrives a moment after the click.
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task Reject_loads_no_marketing_Accept_fires_the_event_and_the_link_at_the_bottom_reopens_it_all_by_keyboard()
    {
        await using var context = await Chromium.NewContextAsync();
        var page = await SiteAsync(context);

        var banner = page.Locator("#lethe-consent");
        (await banner.IsVisibleAsync()).ShouldBeTrue();
        (await banner.GetAttributeAsync("role")).ShouldBe("dialog");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ArtifactPath("consent-banner.png") });
        // Nothing is pre-ticked; the three choices are buttons of one kind.
        (await page.Locator("#lethe-consent input:checked:not([disabled])").CountAsync()).ShouldBe(0);
        var classes = await page.EvalOnSelectorAllAsync<string[]>("#lethe-consent button", "bs => bs.map(b => getComputedStyle(b).fontSize + getComputedStyle(b).backgroundColor)");
        classes.Distinct().Count().ShouldBe(1);

        // Keyboard only: focus starts on the first choice; Tab to "Reject all", Enter.
        (await page.EvaluateAsync<string>("document.activeElement.id")).ShouldBe("lethe-accept");
        await page.Keyboard.PressAsync("Tab");
        (await page.EvaluateAsync<string>("document.activeElement.id")).ShouldBe("lethe-reject");
        await page.Keyboard.PressAsync("Enter");

        (await banner.CountAsync()).ShouldBe(0);
        (await page.EvaluateAsync<bool>("window.marketingLoaded === true")).ShouldBeFalse();
        (await page.EvaluateAsync<bool>("Lethe.consent.has('marketing')")).ShouldBeFalse();
        var refused = (await EventsAsync(1)).Single();
        refused.Action.ShouldBe(ConsentAction.Withdrawn);
        JsonSerializer.Deserialize<List<string>>(refused.PurposesJson)!.ShouldBe(["statistics", "marketing"]);

        await page.FocusAsync("#reopen");
        await page.Keyboard.PressAsync("Enter");
        (await banner.IsVisibleAsync()).ShouldBeTrue();
        await page.Keyboard.PressAsync("Enter");

        // The tag is a real script element now: it loads like any other, a moment later.
        await page.WaitForFunctionAsync("window.marketingLoaded === true", null, new PageWaitForFunctionOptions { Timeout = 5000 });
        (await page.EvaluateAsync<string[]>("window.consentEvents[window.consentEvents.length - 1]")).ShouldBe(["necessary", "statistics", "marketing"]);
        var events = await EventsAsync(2);
        events.Last().Action.ShouldBe(ConsentAction.Given);
        events.Last().Subject.ShouldBe(refused.Subject);
    }

    [Fact]
    public async Task With_Global_Privacy_Control_marketing_stays_off_even_when_everything_is_accepted()
    {
        await using var context = await Chromium.NewContextAsync(new BrowserNewContextOptions
        {
            ExtraHTTPHeaders = new Dictionary<string, string> { ["Sec-GPC"] = "1" },
        });
        await context.AddInitScriptAsync("Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: function () { return true; } });");
        var page = await SiteAsync(context);

        (await page.TextContentAsync("#lethe-consent") ?? "").ShouldContain("Global Privacy Control");
        await page.ClickAsync("#lethe-accept");

        (await page.EvaluateAsync<bool>("Lethe.consent.has('marketing')")).ShouldBeFalse();
        (await page.EvaluateAsync<bool>("Lethe.consent.has('statistics')")).ShouldBeTrue();
        (await page.EvaluateAsync<bool>("window.marketingLoaded === true")).ShouldBeFalse();
        var events = await EventsAsync(2);
        var given = events.Single(e => e.Action == ConsentAction.Given);
        JsonSerializer.Deserialize<List<string>>(given.PurposesJson)!.ShouldNotContain("marketing");
        given.GlobalPrivacyControl.ShouldBeTrue();
        JsonSerializer.Deserialize<List<string>>(events.Single(e => e.Action == ConsentAction.Withdrawn).PurposesJson)!.ShouldBe(["marketing"]);
    }

    [Fact]
    public async Task The_script_is_at_most_8_KB_gzipped()
    {
        using var client = Server.Anonymous();
        var script = await client.GetByteArrayAsync("/p/flex4business/consent.js");
        using var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            await gzip.WriteAsync(script);
        }

        compressed.Length.ShouldBeLessThanOrEqualTo(8 * 1024);
        System.Text.Encoding.UTF8.GetString(script).ShouldContain("\"marketing\"");
        File.WriteAllText(Browser.ArtifactPath("consent-js-size.txt"), $"consent.js: {script.Length} bytes, {compressed.Length} bytes gzipped\n");
    }

    [Fact]
    public async Task The_banners_endpoint_answers_bad_events_with_a_problem_and_records_nothing()
    {
        using var client = Server.Anonymous();
        async Task<HttpResponseMessage> PostAsync(string body) =>
            await client.PostAsync("/p/flex4business/consent", new StringContent(body, System.Text.Encoding.UTF8, "text/plain"));

        await (await PostAsync("{not json")).ShouldBeProblemAsync(System.Net.HttpStatusCode.BadRequest);
        await (await PostAsync("{\"browser\":\"" + new string('a', 9000) + "\"}")).ShouldBeProblemAsync(System.Net.HttpStatusCode.BadRequest);
        var unknown = await PostAsync("{\"browser\":\"abcdefghijklmnop\",\"action\":\"given\",\"purposes\":[\"astrology\"]}");
        (await unknown.ShouldBeProblemAsync(System.Net.HttpStatusCode.BadRequest)).GetRawText().ShouldContain("astrology");
        (await client.PostAsync("/p/no-such-company/consent", new StringContent("{}"))).StatusCode.ShouldBe(System.Net.HttpStatusCode.NotFound);
        (await EventsAsync(0)).ShouldBeEmpty();
    }
}
