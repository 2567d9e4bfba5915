using System.Net.Http.Json;
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

        // A Danish agent reads the same, on a phone.
        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync($"/t/flex4business/requests/{id}?culture=da");
        await page.ScreenshotAsync(new() { Path = Browser.ArtifactPath("request-identities-unchecked-da-390.png"), FullPage = true });
        (await page.TextContentAsync("#request-identities") ?? "").ShouldContain("+45 20 30 40 50 (ikke kontrolleret: der søges ikke på den)");
        (await page.TextContentAsync("#check-identities") ?? "").ShouldContain("Linket beviste kun e-mailadressen.");
        // The privacy centre's own words, and the timeline, in Danish too.
        (await page.TextContentAsync("#request-verification") ?? "").ShouldStartWith("E-mailadressen er bekræftet via linket eller koden, der blev sendt til den. — link eller kode i e-mail");
        var timeline = await page.TextContentAsync("#request-timeline") ?? "";
        timeline.ShouldNotContain("request.created");
        timeline.ShouldContain("Personen via sit link");
        await page.SetViewportSizeAsync(1280, 900);
        await page.GotoAsync($"/t/flex4business/requests/{id}");

        await page.FillAsync("#IdentitiesEvidence", "Called the number; the person confirmed the request");
        await page.ClickAsync("#check-identities button[type=submit]");
        await page.WaitForURLAsync($"**/requests/{id}");
        (await page.TextContentAsync("#request-identities") ?? "").ShouldNotContain("not checked");
        (await page.Locator("#check-identities").CountAsync()).ShouldBe(0);
        (await page.TextContentAsync("#request-verification") ?? "").ShouldContain("Called the number; the person confirmed the request");
        await page.SetViewportSizeAsync(390, 844);
        await page.ScreenshotAsync(new() { Path = Browser.ArtifactPath("request-identities-checked-390.png"), FullPage = true });
    }

    [Fact]
    public async Task An_integrator_records_the_check_through_the_api_and_the_identities_lose_their_mark()
    {
        var demo = await DemoTenant.OpenAsync(Server, "requests:write");
        Guid id;
        await using (var scope = Server.Database.Scope())
        {
            var filed = await scope.ServiceProvider.GetRequiredService<SelfServiceRequests>()
                .FileAsync(demo.Tenant, [RequestType.Access.ToWire()], "caller@example.net", [new Identity("phone", "+45 21 31 41 51")], "en", null, null, default);
            id = filed.Value!.Single();
        }

        using var api = demo.Api(Server);
        var early = await api.PostAsJsonAsync($"{demo.Requests}/{id}/check-identities", new { evidence = "Called the number" });
        (await early.ShouldBeProblemAsync(System.Net.HttpStatusCode.Conflict)).GetProperty("detail").GetString()!.ShouldContain("once the address is confirmed");

        var code = Mailbox.LinkToken((await ServerMailbox.DeliverAndReadAsync(Server, "caller@example.net")).Single(), "/verify/");
        await using (var scope = Server.Database.Scope())
        {
            (await scope.ServiceProvider.GetRequiredService<SelfServiceRequests>().VerifyAsync(demo.Tenant, code, default)).Succeeded.ShouldBeTrue();
        }

        var before = System.Text.Json.JsonDocument.Parse(await api.GetStringAsync($"{demo.Requests}/{id}")).RootElement;
        before.GetProperty("identities").EnumerateArray().Single(i => i.GetProperty("type").GetString() == "phone").GetProperty("unverified").GetBoolean().ShouldBeTrue();
        (await (await api.PostAsJsonAsync($"{demo.Requests}/{id}/check-identities", new { evidence = "" })).ShouldBeProblemAsync(System.Net.HttpStatusCode.BadRequest))
            .GetProperty("errors").GetProperty("evidence").GetArrayLength().ShouldBe(1);

        var checkedNow = await api.PostAsJsonAsync($"{demo.Requests}/{id}/check-identities", new { evidence = "Called the number; the person confirmed" });

        checkedNow.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK, await checkedNow.Content.ReadAsStringAsync());
        var after = System.Text.Json.JsonDocument.Parse(await api.GetStringAsync($"{demo.Requests}/{id}")).RootElement;
        after.GetProperty("identities").EnumerateArray().Count(i => i.TryGetProperty("unverified", out var flag) && flag.GetBoolean()).ShouldBe(0);
        var again = await api.PostAsJsonAsync($"{demo.Requests}/{id}/check-identities", new { evidence = "Called again" });
        (await again.ShouldBeProblemAsync(System.Net.HttpStatusCode.Conflict)).GetProperty("detail").GetString().ShouldBe("Every identity of this request is already checked.");
    }
}
