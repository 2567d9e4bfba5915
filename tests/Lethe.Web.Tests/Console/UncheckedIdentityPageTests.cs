using Lethe.Common;
using Lethe.Execution;
using Lethe.Requests;
using Lethe.Tenancy;
using Lethe.Tests.Support;
using Lethe.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Web.Tests.Console;

/// <summary>An agent sees which identities nothing has checked yet, and records how they checked them.</summary>
public sealed class UncheckedIdentityPageTests : BrowserTest
{
    [Fact]
    public async Task A_phone_number_given_beside_a_confirmed_address_is_marked_until_the_agent_records_how_it_was_checked()
    {
        Tenant demo;
        Guid id;
        await using (var scope = Server.Database.Scope())
        {
            demo = (await scope.ServiceProvider.GetRequiredService<TenantCommands>().FindAsync("flex4business", default))!;
            var filed = await scope.ServiceProvider.GetRequiredService<SelfServiceRequests>()
                .FileAsync(demo, [RequestType.Access.ToWire()], "asker@example.net", [new Identity("phone", "+45 20 30 40 50")], "en", null, null, default);
            id = filed.Value!.Single();
        }

        var code = Mailbox.LinkToken((await ServerMailbox.DeliverAndReadAsync(Server, "asker@example.net")).Single(), "/verify/");
        await using (var scope = Server.Database.Scope())
        {
            (await scope.ServiceProvider.GetRequiredService<SelfServiceRequests>().VerifyAsync(demo, code, default)).Succeeded.ShouldBeTrue();
        }

        await Server.AddPersonAsync("agent@flex4business.example", Role.Agent, demo);
        var page = await SignedInPageAsync("agent@flex4business.example");
        await page.GotoAsync($"/t/flex4business/requests/{id}");
        await page.ScreenshotAsync(new() { Path = Browser.ArtifactPath("request-identities-unchecked.png"), FullPage = true });
        var identities = await page.TextContentAsync("#request-identities") ?? "";
        identities.ShouldContain("+45 20 30 40 50 (not checked: not searched)");
        identities.ShouldNotContain("asker@example.net (not checked");

        // Nothing said, nothing recorded: the form keeps asking.
        await page.ClickAsync("#check-identities button[type=submit]");
        (await page.Locator("#check-identities").CountAsync()).ShouldBe(1);

        await page.FillAsync("#IdentitiesEvidence", "Called the number; the person confirmed the request");
        await page.ClickAsync("#check-identities button[type=submit]");
        await page.WaitForURLAsync($"**/requests/{id}");
        (await page.TextContentAsync("#request-identities") ?? "").ShouldNotContain("not checked");
        (await page.Locator("#check-identities").CountAsync()).ShouldBe(0);
        (await page.TextContentAsync("#request-verification") ?? "").ShouldContain("Called the number; the person confirmed the request");
        await page.SetViewportSizeAsync(390, 844);
        await page.ScreenshotAsync(new() { Path = Browser.ArtifactPath("request-identities-checked-390.png"), FullPage = true });
    }
}
