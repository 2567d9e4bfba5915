using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lethe.Consent;
using Lethe.Storage;
using Lethe.Tests.Support;
using Lethe.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Web.Tests.Consent;

/// <summary>Double opt-in and one-click unsubscribe through the real HTTP pipeline and the outbox, on the demo tenant.</summary>
public sealed class NewsletterTests : ServerPerTest
{
    [Fact]
    public async Task Signing_up_needs_the_mailed_confirmation_and_one_click_unsubscribes_and_suppresses()
    {
        using var person = Server.Anonymous();
        var signUp = await person.PostAsync("/p/flex4business/newsletter?culture=da", new FormUrlEncodedContent(new Dictionary<string, string> { ["Email"] = "Ida@Example.dk" }));
        signUp.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ConsentEventsAsync()).ShouldBe(0);

        var mail = (await ServerMailbox.DeliverAndReadAsync(Server, "ida@example.dk")).Single();
        (mail.Subject ?? "").ShouldContain("nyhedsbrevet");
        var link = ServerMailbox.Link(mail, "/newsletter/confirm/");
        var confirmPage = await person.GetAsync(link);
        confirmPage.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ConsentEventsAsync()).ShouldBe(0);
        var path = new Uri(link).PathAndQuery;
        (await person.PostAsync(path, new FormUrlEncodedContent([]))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ConsentEventsAsync()).ShouldBe(1);
        var tampered = path.Replace("/confirm/", "/confirm/x", StringComparison.Ordinal);
        (await person.PostAsync(tampered, new FormUrlEncodedContent([]))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        Lethe.Tenancy.Tenant demo;
        await using (var scope = Server.Database.Scope())
        {
            demo = (await scope.ServiceProvider.GetRequiredService<Lethe.Tenancy.TenantCommands>().FindAsync("flex4business", default))!;
        }

        using var tool = Server.WithApiKey((await Server.Database.IssueKeyAsync(demo, "consent:write")).Secret);
        var state = JsonDocument.Parse(await tool.GetStringAsync("/api/v1/tenants/flex4business/consent/state?subjectType=person&subject=ida@example.dk")).RootElement;
        state.EnumerateArray().Single(s => s.GetProperty("purpose").GetString() == "newsletter").GetProperty("given").GetBoolean().ShouldBeTrue();

        var links = JsonDocument.Parse(await (await tool.PostAsJsonAsync("/api/v1/tenants/flex4business/consent/unsubscribe-links", new { emails = new[] { "ida@example.dk" } }))
            .Content.ReadAsStringAsync()).RootElement[0];
        links.GetProperty("listUnsubscribePost").GetString().ShouldBe("List-Unsubscribe=One-Click");
        var url = links.GetProperty("url").GetString()!;
        links.GetProperty("listUnsubscribe").GetString().ShouldBe($"<{url}>");
        url.ShouldNotContain("ida", Case.Insensitive);

        // What a mail client does on one click: a POST with exactly this body, no cookies, nothing else.
        using var mailClient = new HttpClient(new HttpClientHandler { UseCookies = false });
        var oneClick = await mailClient.PostAsync(url, new StringContent("List-Unsubscribe=One-Click", System.Text.Encoding.ASCII, "application/x-www-form-urlencoded"));
        oneClick.StatusCode.ShouldBe(HttpStatusCode.OK);

        state = JsonDocument.Parse(await tool.GetStringAsync("/api/v1/tenants/flex4business/consent/state?subjectType=person&subject=ida@example.dk")).RootElement;
        state.EnumerateArray().Single(s => s.GetProperty("purpose").GetString() == "newsletter").GetProperty("given").GetBoolean().ShouldBeFalse();
        await using (var scope = Server.Database.Scope())
        {
            (await scope.ServiceProvider.GetRequiredService<SuppressionList>().ContainsAsync(demo, "email", "IDA@example.dk", default)).ShouldBeTrue();
        }

        // Opening the link (as a scanner would) changes nothing more; it shows a button.
        (await person.GetAsync(new Uri(url).PathAndQuery)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ConsentEventsAsync()).ShouldBe(2);
    }

    [Fact]
    public async Task A_bad_address_is_refused_in_the_visitors_language_and_nothing_is_sent()
    {
        using var person = Server.Anonymous();

        var norwegian = await person.PostAsync("/p/flex4business/newsletter?culture=nb", new FormUrlEncodedContent(new Dictionary<string, string> { ["Email"] = "ida at example" }));

        norwegian.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var page = WebUtility.HtmlDecode(await norwegian.Content.ReadAsStringAsync());
        page.ShouldContain("Oppgi e-postadressen nyhetsbrevet skal sendes til");
        page.ShouldNotContain("Give the e-mail address");
        (await ConsentEventsAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task A_known_person_sees_and_changes_all_their_consents_through_a_mailed_link()
    {
        using var person = Server.Anonymous();
        (await person.PostAsync("/p/flex4business/preferences?culture=en", new FormUrlEncodedContent(new Dictionary<string, string> { ["Email"] = "kari@example.no" })))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        var link = ServerMailbox.Link((await ServerMailbox.DeliverAndReadAsync(Server, "kari@example.no")).Single(), "/preferences/");
        var path = new Uri(link).PathAndQuery;
        var page = WebUtility.HtmlDecode(await person.GetStringAsync(path));
        page.ShouldContain("purpose-statistics");
        page.ShouldContain("purpose-newsletter");
        page.ShouldNotContain("purpose-necessary");

        var saved = await person.PostAsync(path, new FormUrlEncodedContent([new("Given", "newsletter"), new("Given", "statistics")]));
        saved.StatusCode.ShouldBe(HttpStatusCode.OK);
        var after = WebUtility.HtmlDecode(await saved.Content.ReadAsStringAsync());
        after.ShouldContain("preferences-saved");
        System.Text.RegularExpressions.Regex.IsMatch(after, "id=\"purpose-newsletter\"[^>]*checked").ShouldBeTrue(after);
        System.Text.RegularExpressions.Regex.IsMatch(after, "id=\"purpose-marketing\"[^>]*checked").ShouldBeFalse();
        (await ConsentEventsAsync()).ShouldBe(2);
        (await person.GetAsync(path.Replace("/preferences/", "/preferences/x", StringComparison.Ordinal))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_link_made_for_one_tenant_does_nothing_under_another_tenants_address()
    {
        var other = await Server.Database.CreateTenantAsync("other-shop");
        Lethe.Tenancy.Tenant demo;
        await using (var scope = Server.Database.Scope())
        {
            demo = (await scope.ServiceProvider.GetRequiredService<Lethe.Tenancy.TenantCommands>().FindAsync("flex4business", default))!;
        }

        // The demo tenant's newsletter tool asks for a link, and someone posts it under the other tenant's address.
        using var tool = Server.WithApiKey((await Server.Database.IssueKeyAsync(demo, "consent:write")).Secret);
        var url = JsonDocument.Parse(await (await tool.PostAsJsonAsync("/api/v1/tenants/flex4business/consent/unsubscribe-links", new { emails = new[] { "ida@example.dk" } }))
            .Content.ReadAsStringAsync()).RootElement[0].GetProperty("url").GetString()!;
        var path = new Uri(url).PathAndQuery;
        var elsewhere = path.Replace("/p/flex4business/", "/p/other-shop/", StringComparison.Ordinal);
        elsewhere.ShouldNotBe(path);
        using var mailClient = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = new Uri(url) };
        using var oneClick = new StringContent("List-Unsubscribe=One-Click", System.Text.Encoding.ASCII, "application/x-www-form-urlencoded");
        var refused = await mailClient.PostAsync(elsewhere, oneClick);
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var advice = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        new[] { "en", "da", "nb" }.Any(l => advice.Contains(Lethe.Localization.Texts.Get("error.unsubscribe.bad_link", l), StringComparison.Ordinal)).ShouldBeTrue(advice);
        await using (var scope = Server.Database.Scope())
        {
            (await scope.ServiceProvider.GetRequiredService<SuppressionList>().ContainsAsync(other, "email", "ida@example.dk", default)).ShouldBeFalse();
        }

        (await ConsentEventsAsync()).ShouldBe(0);

        // A preference link mailed by the demo tenant opens nothing under the other tenant's address either.
        using var person = Server.Anonymous();
        (await person.PostAsync("/p/flex4business/preferences?culture=en", new FormUrlEncodedContent(new Dictionary<string, string> { ["Email"] = "ida@example.dk" })))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        var preferences = new Uri(ServerMailbox.Link((await ServerMailbox.DeliverAndReadAsync(Server, "ida@example.dk")).Single(), "/preferences/")).PathAndQuery;
        (await person.GetAsync(preferences.Replace("/p/flex4business/", "/p/other-shop/", StringComparison.Ordinal))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await person.GetAsync(preferences)).StatusCode.ShouldBe(HttpStatusCode.OK);

        // Under the tenant that made it, the same unsubscribe link still works.
        using var again = new StringContent("List-Unsubscribe=One-Click", System.Text.Encoding.ASCII, "application/x-www-form-urlencoded");
        (await mailClient.PostAsync(path, again)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await using (var scope = Server.Database.Scope())
        {
            (await scope.ServiceProvider.GetRequiredService<SuppressionList>().ContainsAsync(demo, "email", "ida@example.dk", default)).ShouldBeTrue();
        }
    }

    private async Task<int> ConsentEventsAsync()
    {
        await using var scope = Server.Database.Scope();
        return await scope.ServiceProvider.GetRequiredService<LetheDbContext>().ConsentEvents.IgnoreQueryFilters().CountAsync();
    }
}
