using System.IO.Compression;
using Lethe.Requests;
using Lethe.Requests.Answers;
using Lethe.Tenancy;
using Lethe.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Web.Tests.PrivacyCentre;

/// <summary>
/// A customer asks the shop, in Danish and in her own words, to correct how her name is spelt. She confirms by mail; an
/// agent reads what she wrote, records the exact correction and approves; the ERP is corrected and her status page says
/// done, with an answer in Danish saying what was corrected.
/// </summary>
public sealed class RectificationWalkthroughTests : BrowserTest
{
    [Fact]
    public async Task A_person_asks_for_a_correction_in_her_words_and_an_agent_confirms_it_before_anything_changes()
    {
        var shop = await ShopTenant.CreateAsync(Server, "shop");
        var customer = (await shop.Erp.QueryAsync("SELECT id, email, name FROM customers ORDER BY id")).First();
        var email = (string)customer[1]!;
        var oldName = (string)customer[2]!;
        var newName = "Ida Rettet Hansen";
        await Server.AddPersonAsync("agent@shop.example", Role.Agent, shop.Tenant);

        var person = await NewPageAsync();
        await person.GotoAsync("/p/shop?culture=da");
        await person.CheckAsync("#type-rectification");
        await person.FillAsync("#wrong", $"Mit navn står som {oldName}");
        await person.FillAsync("#wanted", $"Det skal være {newName}");
        await person.FillAsync("#email", email);
        await Screens.ShootAsync(person, "privacy-centre-rectification-da");
        await person.ClickAsync("#intake button[type=submit]");
        person.Url.ShouldContain("/p/shop/sent");

        var mail = (await ServerMailbox.DeliverAndReadAsync(Server, email)).Single();
        await person.GotoAsync(ServerMailbox.Link(mail, "/verify/"));
        await person.ClickAsync("#verify button");
        (await person.TextContentAsync(".status-state") ?? "").ShouldContain("Bekræftet");
        var statusUrl = person.Url;

        var agent = await SignedInPageAsync("agent@shop.example");
        await agent.GotoAsync("/t/shop/requests");
        await agent.ClickAsync("main table a");
        (await agent.TextContentAsync("#correction-wrong") ?? "").ShouldBe($"Mit navn står som {oldName}");
        (await agent.TextContentAsync("#correction-wanted") ?? "").ShouldBe($"Det skal være {newName}");
        (await agent.Locator("#approve-request").CountAsync()).ShouldBe(0, "nothing is approved before the correction is confirmed");
        (await agent.TextContentAsync("#correction-needed") ?? "").ShouldContain("Confirm the correction before approving");
        await Screens.ShootAsync(agent, "console-request-correction-en");
        (await shop.Erp.QueryAsync($"SELECT name FROM customers WHERE id = {customer[0]}")).Single()[0].ShouldBe(oldName);

        await agent.SelectOptionAsync("#correction-category-0", "contact.name");
        await agent.FillAsync("#correction-value-0", newName);
        await agent.ClickAsync("#confirm-correction button");
        (await agent.TextContentAsync("#correction-values") ?? "").ShouldContain(newName);
        (await agent.TextContentAsync("#correction-values") ?? "").ShouldContain("Name");
        (await shop.Erp.QueryAsync($"SELECT name FROM customers WHERE id = {customer[0]}")).Single()[0].ShouldBe(oldName, "confirming is not yet approving");
        await agent.ClickAsync("#approve-request button");
        (await agent.TextContentAsync("#request-status") ?? "").ShouldContain("In progress");

        await Server.App.Services.GetRequiredService<RequestWorker>().RunDueAsync(default);
        // The partner running the ERP holds the name too (Art. 19): the agent passes the correction on and closes the step once it confirms.
        await agent.ReloadAsync();
        await agent.FillAsync("#step-sub-processor-erp_partner textarea[name=Note]", "Correction forwarded; the partner confirmed it.");
        await agent.ClickAsync("#step-sub-processor-erp_partner button");
        await Server.App.Services.GetRequiredService<PackageWorker>().RunDueAsync(default);
        (await shop.Erp.QueryAsync($"SELECT name FROM customers WHERE id = {customer[0]}")).Single()[0].ShouldBe(newName);
        (await ServerMailbox.DeliverAndReadAsync(Server, email)).ShouldContain(m => m.Subject == "Din anmodning er besvaret");
        await agent.ReloadAsync();
        (await agent.TextContentAsync("#request-status") ?? "").ShouldContain("Completed");
        (await agent.TextContentAsync("#request-timeline") ?? "").ShouldContain("Confirmed the correction the person asked for");

        await person.GotoAsync(statusUrl);
        (await person.TextContentAsync(".status-state") ?? "").ShouldContain("Gennemført");
        await Screens.ShootAsync(person, "privacy-centre-rectification-done-da");
        var download = await person.RunAndWaitForDownloadAsync(() => person.ClickAsync(".download"));
        var path = Browser.ArtifactPath("privacy-centre-rectification-answer.zip");
        await download.SaveAsAsync(path);
        using var zip = ZipFile.OpenRead(path);
        using var reader = new StreamReader(zip.GetEntry("report.md")!.Open());
        var report = await reader.ReadToEndAsync();
        report.ShouldContain("# Svar på din anmodning om berigtigelse");
        report.ShouldContain("Du bad os rette: Navn.");
        report.ShouldContain("customers: 1 post rettet");
    }
}
