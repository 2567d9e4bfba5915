using Lethe.Web.Tests.Support;
using Microsoft.Playwright;

namespace Lethe.Web.Tests.PrivacyCentre;

/// <summary>
/// The public pages as a person meets them on a phone (390×844) and a desktop (1280×900), in Danish and English: the
/// text nearest each box is that box's own label, the form fills the phone's width, nothing scrolls sideways, and the
/// footer's links lead where they say. Screenshots of every page at both sizes are kept as artefacts.
/// </summary>
public sealed class PublicPagesLayoutTests : BrowserTest
{
    /// <summary>
    /// For each visible checkbox and radio button: the text nearest to it on the screen (by the distance between their
    /// boxes) and whether that text belongs to one of the control's own labels.
    /// </summary>
    private const string NearestTexts = """
        () => {
          const texts = [];
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT,
            { acceptNode: n => n.textContent.trim() ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT });
          while (walker.nextNode()) {
            const range = document.createRange();
            range.selectNodeContents(walker.currentNode);
            for (const rect of range.getClientRects()) { texts.push({ node: walker.currentNode, rect }); }
          }
          return [...document.querySelectorAll('input[type=checkbox], input[type=radio]')]
            .filter(box => box.getClientRects().length > 0)
            .map(box => {
              const b = box.getBoundingClientRect();
              const distance = r => Math.hypot(Math.max(r.left - b.right, b.left - r.right, 0), Math.max(r.top - b.bottom, b.top - r.bottom, 0));
              let nearest = null, best = Infinity;
              for (const t of texts) { const d = distance(t.rect); if (d < best) { best = d; nearest = t; } }
              const own = [...(box.labels || [])].some(label => nearest && label.contains(nearest.node));
              return `${box.id}|${own}|${nearest ? nearest.node.textContent.trim() : ''}|${Math.round(best)}`;
            });
        }
        """;

    [Theory]
    [InlineData("da")]
    [InlineData("en")]
    public async Task Every_public_page_is_one_readable_column_with_each_box_beside_its_own_label(string language)
    {
        var person = await NewPageAsync();
        var email = $"ida-{language}@example.dk";

        await person.GotoAsync($"/p/flex4business?culture={language}");
        (await CheckAsync(person, $"intake-{language}", "#intake")).ShouldBeGreaterThanOrEqualTo(5, "the request types are boxes");
        await person.CheckAsync("#type-access");
        (await person.IsCheckedAsync("#type-erasure")).ShouldBeFalse("the box beside \"access\" is access's own");
        // The label is the box's: pressing its words ticks it.
        await person.ClickAsync("label[for=type-objection] span");
        (await person.IsCheckedAsync("#type-objection")).ShouldBeTrue();
        await person.ClickAsync("label[for=type-objection] span");
        await person.FocusAsync("#email");
        (await person.EvaluateAsync<string>("() => { const s = getComputedStyle(document.activeElement); return s.outlineStyle + ' ' + s.outlineWidth; }"))
            .ShouldBe("solid 3px", "focus is seen");
        await person.FillAsync("#email", email);
        await person.ClickAsync("#intake button[type=submit]");
        person.Url.ShouldContain("/p/flex4business/sent");
        await CheckAsync(person, $"sent-{language}", "main .sheet");

        await person.GotoAsync(InLanguage(ServerMailbox.Link((await ServerMailbox.DeliverAndReadAsync(Server, email)).Single(), "/verify/"), language));
        await CheckAsync(person, $"verify-{language}", "#verify");
        await person.ClickAsync("#verify button");
        person.Url.ShouldContain("/p/flex4business/status/");
        await CheckAsync(person, $"status-{language}", "section.request");

        await person.GotoAsync($"/p/flex4business/preferences?culture={language}");
        await CheckAsync(person, $"preferences-ask-{language}", "#ask");
        await person.FillAsync("#email", "kari@example.no");
        await person.ClickAsync("#ask button");
        await person.GotoAsync(InLanguage(ServerMailbox.Link((await ServerMailbox.DeliverAndReadAsync(Server, "kari@example.no")).Single(), "/preferences/"), language));
        (await CheckAsync(person, $"preferences-{language}", "#preferences")).ShouldBeGreaterThan(0, "the purposes are boxes");

        await person.GotoAsync($"/p/flex4business/newsletter?culture={language}");
        await CheckAsync(person, $"newsletter-{language}", "#newsletter");
    }

    [Theory]
    [InlineData("da", "Privatlivspolitik", "Indhold")]
    [InlineData("en", "Privacy notice", "Contents")]
    public async Task The_notice_is_a_document_with_contents_and_a_footer_whose_links_work(string language, string title, string contents)
    {
        var person = await NewPageAsync();

        await person.GotoAsync($"/p/flex4business/privacy?lang={language}");

        await CheckAsync(person, $"notice-{language}", "article.notice");
        (await person.TextContentAsync("article.notice h1") ?? "").ShouldStartWith(title);
        (await person.TextContentAsync("nav.toc h2")).ShouldBe(contents);
        var anchors = await person.EvaluateAsync<string[]>("() => [...document.querySelectorAll('nav.toc a')].map(a => a.getAttribute('href'))");
        anchors.Length.ShouldBeGreaterThan(4);
        foreach (var anchor in anchors)
        {
            (await person.Locator($"article.notice h2{anchor}").CountAsync()).ShouldBe(1, $"{anchor} leads to a section");
        }

        (await person.Locator("a[href*='format=md']").CountAsync()).ShouldBe(0, "Markdown is for the API, not for the person");
        (await person.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('article.notice')).borderLeftWidth")).ShouldBe("0px", "no callout stripe");
        await person.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        (await person.IsVisibleAsync(".public-footer")).ShouldBeFalse("printed without the footer");
        (await person.IsVisibleAsync(".public-header")).ShouldBeFalse("printed without the header");
        await person.PdfAsync(new PagePdfOptions { Path = Browser.ArtifactPath($"public-notice-{language}.pdf") });
        await person.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Screen });

        await person.ClickAsync($"nav.toc a[href='{anchors[^1]}']");
        person.Url.ShouldEndWith(anchors[^1]);
        await person.ClickAsync("#footer-centre");
        person.Url.ShouldContain($"/p/flex4business?culture={language}");
        (await person.GetAttributeAsync("html", "lang")).ShouldBe(language);
        await person.ClickAsync("#footer-cookies");
        person.Url.ShouldContain("/p/flex4business/preferences");
        (await person.IsVisibleAsync("#cookies h2")).ShouldBeTrue();
        (await person.EvaluateAsync<double>("() => document.querySelector('#cookies').getBoundingClientRect().top")).ShouldBeLessThan(900, "the explanation is in view");
        await person.ClickAsync("#footer-notice");
        person.Url.ShouldContain($"/p/flex4business/privacy?lang={language}");
        (await person.TextContentAsync("article.notice h1") ?? "").ShouldStartWith(title);
    }

    /// <summary>
    /// Shoots the page at both sizes and checks, at each: every box's nearest text is its own label; on the phone the
    /// page's main element (<paramref name="main"/>) is at least 90 % of the width; the footer links to the privacy
    /// centre and the cookie choices and, with a notice published, to the notice, and each answers. Returns the number
    /// of boxes.
    /// </summary>
    private async Task<int> CheckAsync(IPage page, string name, string main)
    {
        var boxes = 0;
        await Screens.ShootAsync(page, $"public-{name}", async width =>
        {
            var nearest = await page.EvaluateAsync<string[]>(NearestTexts);
            nearest.Where(n => n.Split('|')[1] != "true").ShouldBeEmpty($"{name} at {width}: a box whose nearest text is not its label (id|own|text|px)");
            boxes = nearest.Length;
            var share = await page.EvaluateAsync<double>($"s => document.querySelector(s).getBoundingClientRect().width / document.documentElement.clientWidth", main);
            if (width < 500)
            {
                share.ShouldBeGreaterThanOrEqualTo(0.9, $"{name} at {width}: {main} is {share:P0} of the width");
            }
        });

        var footer = await page.EvaluateAsync<string[]>("() => ['footer-notice', 'footer-centre', 'footer-cookies'].map(id => document.getElementById(id)?.getAttribute('href') ?? '')");
        footer.ShouldAllBe(href => href.Length > 0, $"{name}: the footer's links");
        foreach (var href in footer)
        {
            var response = await page.APIRequest.GetAsync(href);
            response.Status.ShouldBe(200, $"{name}: {href}");
        }

        return boxes;
    }

    /// <summary>A mailed link in <paramref name="language"/>, as a person choosing it in the header would have it.</summary>
    private static string InLanguage(string link, string language)
    {
        var uri = new Uri(link);
        var query = System.Web.HttpUtility.ParseQueryString(uri.Query);
        query["culture"] = language;
        return uri.AbsolutePath + "?" + query;
    }
}
