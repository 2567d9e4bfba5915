using System.IO.Compression;
using Lethe.Requests;
using Lethe.Requests.Answers;
using Lethe.Tenancy;
using Lethe.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Lethe.Web.Tests.PrivacyCentre;

/// <summary>
/// A customer asks the shop what it knows about her on its privacy centre, confirms by the link in the mail, a support
/// agent approves in the console, and she downloads the answer, which names what the shop's ERP holds about her.
/// </summary>
public sealed class PrivacyCentreWalkthroughTests : BrowserTest
{
    [Fact]
    public async Task A_person_files_an_access_request_confirms_it_an_agent_approves_and_she_downloads_the_answer()
    {
        var shop = await ShopTenant.CreateAsync(Server, "shop");
        var customer = (await shop.Erp.QueryAsync("SELECT email, customer_number, name FROM customers ORDER BY id")).First();
        var email = (string)customer[0]!;
        await Server.AddPersonAsync("agent@shop.example", Role.Agent, shop.Tenant);

        var person = await NewPageAsync();
        await person.GotoAsync("/p/shop?culture=da");
        (await person.GetAttributeAsync("html", "lang")).ShouldBe("da");
        await person.CheckAsync("#type-access");
        await person.FillAsync("#email", email);
        await person.FillAsync("#message", "Hvad har I registreret om mig?");
        await person.ClickAsync("#intake button[type=submit]");
        person.Url.ShouldContain("/p/shop/sent");
        (await person.TextContentAsync("#sent") ?? "").ShouldContain("24 timer");

        var mail = (await ServerMailbox.DeliverAndReadAsync(Server, email)).Single();
        (mail.Subject ?? "").ShouldContain("Bekræft");
        await person.GotoAsync(ServerMailbox.Link(mail, "/verify/"));
        await person.ClickAsync("#verify button");
        person.Url.ShouldContain("/p/shop/status/");
        (await person.TextContentAsync(".status-state") ?? "").ShouldContain("Bekræftet");
        var statusUrl = person.Url;

        var agent = await SignedInPageAsync("agent@shop.example");
        await agent.GotoAsync("/t/shop/requests");
        await agent.ClickAsync("main table a");
        (await agent.TextContentAsync("#request-status") ?? "").ShouldContain("Verified");
        (await agent.TextContentAsync("main") ?? "").ShouldContain("Hvad har I registreret om mig?");
        await agent.ClickAsync("#approve-request button");
        (await agent.TextContentAsync("#request-status") ?? "").ShouldContain("In progress");

        // What the background host does every round, run now.
        await Server.App.Services.GetRequiredService<RequestWorker>().RunDueAsync(default);
        // The partner running the ERP receives its data: the agent forwards the request and closes the step once it confirms.
        await agent.ReloadAsync();
        await agent.FillAsync("#step-sub-processor-erp_partner textarea[name=Note]", "Forwarded by e-mail; the partner confirmed the same day.");
        await agent.ClickAsync("#step-sub-processor-erp_partner button");
        (await agent.TextContentAsync("#request-status") ?? "").ShouldContain("Completed");
        await Server.App.Services.GetRequiredService<PackageWorker>().RunDueAsync(default);
        var answered = (await ServerMailbox.DeliverAndReadAsync(Server, email)).Single(m => m.Subject == "Din anmodning er besvaret");
        ServerMailbox.Link(answered, "/status/").ShouldStartWith(Server.BaseAddress.ToString().TrimEnd('/') + "/p/shop/status/");

        await person.GotoAsync(statusUrl);
        (await person.TextContentAsync(".status-state") ?? "").ShouldContain("Gennemført");
        var download = await person.RunAndWaitForDownloadAsync(() => person.ClickAsync(".download"));
        var path = Browser.ArtifactPath("privacy-centre-answer.zip");
        await download.SaveAsAsync(path);
        using var zip = ZipFile.OpenRead(path);
        using var reader = new StreamReader(zip.GetEntry("report.md")!.Open());
        var report = await reader.ReadToEndAsync();
        report.ShouldContain("# Svar på din anmodning om indsigt");
        report.ShouldContain("## De oplysninger, vi har om dig");
        report.ShouldContain("customers**: 1 post");
        report.ShouldContain("Datatilsynet");
        zip.Entries.Select(e => e.FullName).ShouldContain("erp.db/customers.json");
        using var rows = new StreamReader(zip.GetEntry("erp.db/customers.json")!.Open());
        (await rows.ReadToEndAsync()).ShouldContain((string)customer[1]!);
        await agent.ReloadAsync();
        (await agent.TextContentAsync("#request-package") ?? "").ShouldContain("1 download(s)");
        (await agent.TextContentAsync("#request-timeline") ?? "").ShouldContain("The person downloaded the answer");
    }
}
