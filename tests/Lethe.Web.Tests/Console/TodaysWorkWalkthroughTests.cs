using System.IO.Compression;
using System.Text.RegularExpressions;
using Lethe.Audit;
using Lethe.Common;
using Lethe.Execution;
using Lethe.Requests;
using Lethe.Storage;
using Lethe.Tenancy;
using Lethe.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Lethe.Web.Tests.Console;

/// <summary>
/// A privacy officer's day in the console, in Chromium at phone and desktop size, in English and Danish: the overview
/// says what to do first, the audit log says who did what in words, and the answer is read before the person gets it.
/// </summary>
public sealed partial class TodaysWorkWalkthroughTests : BrowserTest
{
    private const string Officer = "dpo@shop.example";

    [Fact]
    public async Task The_overview_starts_with_the_overdue_request_the_tasks_waiting_and_leads_to_them()
    {
        var (shop, customers) = await ShopAsync();
        var overdue = await RegisterAsync(shop, RequestType.Access, "en", customers[0]);
        var later = await RegisterAsync(shop, RequestType.Erasure, "da", customers[1]);
        await RunWorkerAsync();
        await using (var scope = Server.Database.Scope())
        {
            var today = Deadline.ReceivedOn(DateTimeOffset.UtcNow, shop.Tenant.Country);
            var db = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
            await db.Requests.IgnoreQueryFilters().Where(r => r.Id == overdue).ExecuteUpdateAsync(u => u.SetProperty(r => r.DueOn, today.AddDays(-2)));
            // The ERP partner, which the overdue request was forwarded to, has not confirmed either: its day has passed too.
            await db.RequestSteps.IgnoreQueryFilters().Where(s => s.RequestId == overdue && s.ForwardedTo != null)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.DueOn, today.AddDays(-1)));
        }

        var page = await SignedInPageAsync(Officer);
        await page.GotoAsync("/t/shop");

        (await page.TextContentAsync("#count-overdue strong")).ShouldBe("1");
        (await page.TextContentAsync("#count-open strong")).ShouldBe("2");
        (await page.TextContentAsync("#count-tasks strong")).ShouldBe("4", "two paper-archive tasks, and both requests forwarded to the ERP partner");
        (await page.TextContentAsync("#count-forwarded-overdue strong")).ShouldBe("1");
        var first = page.Locator("#open-requests tbody tr").First;
        (await first.TextContentAsync() ?? "").ShouldContain("2 days overdue");
        (await first.Locator("a").GetAttributeAsync("href")).ShouldBe($"/t/shop/requests/{overdue}");
        (await page.Locator("#open-requests tbody tr").Nth(1).TextContentAsync() ?? "").ShouldContain("days left");
        (await page.Locator("#tasks li").CountAsync()).ShouldBe(4);
        // The forwarded request past its day comes first, saying to whom, by when, and that it is late.
        var forwarded = page.Locator("#tasks li").First;
        (await forwarded.GetAttributeAsync("class") ?? "").ShouldContain("stuck");
        var late = await forwarded.TextContentAsync() ?? "";
        late.ShouldContain("Forward the request to: Partner running our order processing, invoicing and accounting systems");
        late.ShouldContain($"Confirmation due by {Deadline.ReceivedOn(DateTimeOffset.UtcNow, shop.Tenant.Country).AddDays(-1):yyyy-MM-dd}");
        late.ShouldContain("Overdue: chase the processor");
        (await page.Locator("#tasks li.forwarded").Nth(1).TextContentAsync() ?? "").ShouldNotContain("Overdue");
        (await page.Locator("#tasks li:not(.forwarded) a").First.TextContentAsync() ?? "").ShouldBe("Do the task: Signed paper contracts in the office archive");
        (await page.TextContentAsync("#notice-state") ?? "").ShouldContain("No privacy notice is published yet.");
        (await page.TextContentAsync("#retention") ?? "").ShouldContain("Next run");
        (await page.TextContentAsync("#company") ?? "").ShouldContain("Datatilsynet");
        await AssertOrderAsync(page, "#today", "#deadlines", "#tasks", "#company");
        await Screens.ShootAsync(page, "overview-today-en");

        await DanishAsync(page);
        (await page.TextContentAsync("#today h2")).ShouldBe("Dagens arbejde");
        (await first.TextContentAsync() ?? "").ShouldContain("2 dage over fristen");
        (await page.TextContentAsync("#count-tasks") ?? "").ShouldContain("Manuelle opgaver venter");
        (await page.TextContentAsync("#count-forwarded-overdue") ?? "").ShouldContain("Videresendte anmodninger over fristen");
        var danish = await forwarded.TextContentAsync() ?? "";
        danish.ShouldContain("Videresend anmodningen til: Partner running our order processing");
        danish.ShouldContain("Bekræftelse senest");
        danish.ShouldContain("Over fristen: ryk databehandleren");
        (await page.Locator("#tasks li:not(.forwarded) a").First.TextContentAsync() ?? "").ShouldBe("Udfør opgaven: Underskrevne papirkontrakter i kontorets arkiv");
        await Screens.ShootAsync(page, "overview-today-da");

        // The link leads to the forwarded step on the request's page, late, with the form that closes it.
        await forwarded.Locator("a").ClickAsync();
        page.Url.ShouldEndWith($"/t/shop/requests/{overdue}#step-sub-processor-erp_partner");
        var step = page.Locator("#step-sub-processor-erp_partner");
        (await step.GetAttributeAsync("class") ?? "").ShouldContain("stuck");
        var stepText = await step.TextContentAsync() ?? "";
        stepText.ShouldContain("Databehandler: Partner running our order processing");
        stepText.ShouldContain("Over fristen: ryk databehandleren");
        (await step.Locator("button").TextContentAsync() ?? "").ShouldBe("Databehandleren har bekræftet");
        (await page.Locator("textarea[name=NoteToPerson]").CountAsync()).ShouldBe(2, "the paper archive's task and the forwarded request");
        await Screens.ShootAsync(page, "request-forwarded-overdue-da");
    }

    [Fact]
    public async Task The_audit_log_names_who_says_what_in_words_filters_by_person_and_keeps_the_record_behind_a_disclosure()
    {
        var (shop, customers) = await ShopAsync();
        var ann = await RegisterAsync(shop, RequestType.Access, "en", customers[0]);
        var bo = await RegisterAsync(shop, RequestType.Erasure, "en", customers[1]);
        var page = await SignedInPageAsync(Officer);
        await page.GotoAsync($"/t/shop/requests/{ann}");
        await page.GotoAsync("/t/shop/requests");
        (await page.TextContentAsync("#request-list") ?? "").ShouldContain(customers[0].Email);

        await page.GotoAsync("/t/shop/audit");
        var log = await page.TextContentAsync("#audit-log") ?? "";
        log.ShouldContain("Looked at the request");
        log.ShouldContain("Looked at the request list, with the people's names");
        var who = await page.Locator("#audit-log td.who").AllTextContentsAsync();
        who.ShouldContain(w => w.Trim() == Officer);
        who.ShouldNotContain(w => GuidPattern().IsMatch(w), "people are named, not numbered");
        // Times in the tenant's zone, named, as its e-mails and status page say them; the UTC moment stays in datetime.
        (await page.TextContentAsync("#audit-log thead") ?? "").ShouldContain($"Time ({Lethe.Localization.Texts.Get(Lethe.Localization.TextId.TimeZone(shop.Tenant.Country), "en")})");
        var time = page.Locator("#audit-log tbody time").First;
        var utc = DateTime.Parse((await time.GetAttributeAsync("datetime"))!, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal);
        (await time.TextContentAsync()).ShouldBe(TimeZoneInfo.ConvertTimeFromUtc(utc, Deadline.Zone(shop.Tenant.Country)).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture));

        await page.FillAsync("#f-person", customers[0].Email.ToUpperInvariant());
        await page.ClickAsync("#audit-filters button");
        var links = await page.Locator("#audit-log tbody tr td:last-child > a").EvaluateAllAsync<string[]>("as => as.map(a => a.getAttribute('href'))");
        links.ShouldNotBeEmpty();
        links.ShouldAllBe(l => l == $"/t/shop/requests/{ann}");
        (await page.TextContentAsync("#audit-log") ?? "").ShouldNotContain(bo.ToString());

        var details = page.Locator("#audit-log tbody tr").First.Locator("details");
        (await details.Locator("pre").IsVisibleAsync()).ShouldBeFalse("the recorded JSON is behind the disclosure");
        await details.Locator("summary").ClickAsync();
        (await details.Locator("pre").IsVisibleAsync()).ShouldBeTrue();
        (await details.TextContentAsync() ?? "").ShouldContain($"request:{ann}");
        await Screens.ShootAsync(page, "audit-log-en");

        await DanishAsync(page);
        (await page.TextContentAsync("#audit-log thead") ?? "").ShouldContain("Hvem");
        (await page.TextContentAsync("#audit-log") ?? "").ShouldContain("Så anmodningen");
        (await page.InputValueAsync("#f-person")).ShouldBe(customers[0].Email.ToUpperInvariant());
        await page.Locator("#audit-log tbody tr").First.Locator("summary").ClickAsync();
        await Screens.ShootAsync(page, "audit-log-da");

        await page.GotoAsync($"/t/shop/audit?request={bo}");
        var only = await page.Locator("#audit-log tbody tr td:last-child > a").EvaluateAllAsync<string[]>("as => as.map(a => a.getAttribute('href'))");
        only.ShouldNotBeEmpty();
        only.ShouldAllBe(l => l == $"/t/shop/requests/{bo}");
    }

    [Fact]
    public async Task The_officer_reads_the_answer_in_the_persons_language_with_the_note_to_them_and_downloads_the_same_zip()
    {
        var (shop, customers) = await ShopAsync();
        var id = await RegisterAsync(shop, RequestType.Erasure, "da", customers[0]);
        await RunWorkerAsync();
        var page = await SignedInPageAsync(Officer);
        await page.GotoAsync($"/t/shop/requests/{id}");

        await page.FillAsync("#step-paper_archive-binders textarea[name=Note]", "Binder 2024 checked with Jens; contract shredded.");
        await page.FillAsync("#step-paper_archive-binders textarea[name=NoteToPerson]", "Vi har makuleret den underskrevne kontrakt i papirarkivet.");
        await page.ClickAsync("#step-paper_archive-binders button");
        var step = await page.TextContentAsync("#step-paper_archive-binders") ?? "";
        step.ShouldContain("Binder 2024 checked with Jens");
        step.ShouldContain("To the person: Vi har makuleret");

        await page.ClickAsync("#preview-answer");
        page.Url.ShouldEndWith($"/t/shop/requests/{id}/answer");
        var preview = page.Locator("#answer-preview");
        (await preview.GetAttributeAsync("lang")).ShouldBe("da");
        (await preview.Locator("h1").TextContentAsync()).ShouldBe("Svar på din anmodning om sletning");
        var report = await preview.TextContentAsync() ?? "";
        report.ShouldContain("Underskrevne papirkontrakter i kontorets arkiv: Vi har makuleret den underskrevne kontrakt i papirarkivet.");
        report.ShouldNotContain("Jens");
        report.ShouldNotContain("looked up by hand");
        await Screens.ShootAsync(page, "answer-preview-en");

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#download-preview"));
        var path = Browser.ArtifactPath("answer-preview.zip");
        await download.SaveAsAsync(path);
        using (var zip = ZipFile.OpenRead(path))
        {
            zip.Entries.Select(e => e.FullName).ShouldBe(["report.html", "report.md"], ignoreOrder: true);
            using var reader = new StreamReader(zip.GetEntry("report.md")!.Open());
            var markdown = await reader.ReadToEndAsync();
            markdown.ShouldContain("Vi har makuleret den underskrevne kontrakt i papirarkivet.");
            markdown.ShouldNotContain("Jens");
        }

        await DanishAsync(page);
        (await page.TextContentAsync("main h1")).ShouldBe("Svaret, som personen vil modtage det");
        (await page.Locator("#answer-preview h1").TextContentAsync()).ShouldBe("Svar på din anmodning om sletning");
        await Screens.ShootAsync(page, "answer-preview-da");
    }

    private async Task<(ShopTenant Shop, IReadOnlyList<(string Email, string Number)> Customers)> ShopAsync()
    {
        var shop = await ShopTenant.CreateAsync(Server, "shop");
        await Server.AddPersonAsync(Officer, Role.PrivacyOfficer, shop.Tenant);
        var customers = (await shop.Erp.QueryAsync("SELECT email, customer_number FROM customers ORDER BY id"))
            .Select(r => ((string)r[0]!, (string)r[1]!)).ToList();
        return (shop, customers);
    }

    private async Task<Guid> RegisterAsync(ShopTenant shop, RequestType type, string language, (string Email, string Number) customer)
    {
        await using var scope = Server.Database.Scope();
        var created = await scope.ServiceProvider.GetRequiredService<RequestRegistration>().CreateAsync(shop.Tenant, AuditActor.System,
            new RequestInput(type.ToWire(), [new Identity("email", customer.Email), new Identity("customer_number", customer.Number)],
                Language: language, IdentityCheck: "Customer number read back on the call."), default);
        var id = created.Value!.Request.Id;
        (await scope.ServiceProvider.GetRequiredService<RequestLifecycle>().ApproveAsync(shop.Tenant, AuditActor.System, id, default)).Succeeded.ShouldBeTrue();
        return id;
    }

    private Task<int> RunWorkerAsync() => Server.App.Services.GetRequiredService<RequestWorker>().RunDueAsync(default);

    private static async Task DanishAsync(IPage page)
    {
        await page.SelectOptionAsync("#language", "da");
        await page.ClickAsync("form.language button");
    }

    private static async Task AssertOrderAsync(IPage page, params string[] selectors)
    {
        var tops = new List<double>();
        foreach (var selector in selectors)
        {
            tops.Add((await page.Locator(selector).BoundingBoxAsync())!.Y);
        }

        tops.ShouldBe(tops.Order().ToList(), string.Join(" < ", selectors));
    }

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex GuidPattern();
}
