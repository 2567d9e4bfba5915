using System.Net;
using System.Text.RegularExpressions;
using Lethe.Audit;
using Lethe.DataMap;
using Lethe.Storage;
using Lethe.Tenancy;
using Lethe.Tests.Support;
using Lethe.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Web.Tests.Console;

/// <summary>
/// A new user walks through Lethe in Danish, the console and the privacy centre: every line is said in Danish and in
/// words, every link leads somewhere useful in the same language, and a mistake is said on the page it was made on.
/// </summary>
public sealed partial class FirstWalkInDanishTests : ServerPerTest
{
    private const string Demo = DemoTenant.Slug;

    [Fact]
    public async Task The_notice_check_says_what_drifted_in_danish_with_periods_in_words()
    {
        var demo = await Server.DemoTenantAsync();
        await ImportAsync(demo, yaml => yaml.Replace("maximum: P90D", "maximum: P30D", StringComparison.Ordinal));
        using var client = await SignedInAsync();

        var check = Element(await GetAsync(client, $"/t/{Demo}/notices"), "notice-check");

        check.ShouldContain("ikke længere sandt: Opbevaring af IP-adresser i sikkerhedslogge: slettes senest efter 90 dage");
        check.ShouldContain("ikke nævnt: Opbevaring af IP-adresser i sikkerhedslogge: slettes senest efter 30 dage");
        check.ShouldContain("ikke nævnt: i teksten på dansk, perioden for IP-adresser i sikkerhedslogge: »slettes senest efter 30 dage«");
        check.ShouldNotContain("retention ip_logs");
        check.ShouldNotContain("lacks");
        check.ShouldNotContain("P30D");
    }

    [Fact]
    public async Task The_tenant_forms_countries_are_named_in_danish()
    {
        using var client = await SignedInAsync();

        var page = await GetAsync(client, $"/t/{Demo}/edit");

        page.ShouldContain("<option value=\"DK\" selected=\"selected\">Danmark</option>");
        page.ShouldContain("<option value=\"NO\">Norge</option>");
        page.ShouldContain("<option value=\"Other\">Et andet land</option>");
    }

    [Fact]
    public async Task The_cookie_choices_page_names_and_links_the_companys_website_or_says_plainly_that_it_has_none()
    {
        using var anonymous = Server.Anonymous();

        var cookies = Element(await GetAsync(anonymous, $"/p/{Demo}/preferences?culture=da"), "cookies");

        cookies.ShouldContain("<a id=\"cookies-site\" href=\"https://flex4business.dk/\" rel=\"noopener noreferrer\">flex4business.dk</a>");
        cookies.ShouldContain("cookieboksen på vores websted");
        cookies.ShouldContain("»Skift dine cookievalg«");

        await ImportAsync(await Server.DemoTenantAsync(), yaml => WebsiteLine().Replace(yaml, ""));
        var without = Element(await GetAsync(anonymous, $"/p/{Demo}/preferences?culture=da"), "cookies");

        without.ShouldNotContain("cookies-site");
        without.ShouldContain("Vi har ikke angivet adressen på vores websted her");
    }

    [Fact]
    public async Task The_legal_holds_date_hint_and_its_error_give_the_same_format_in_danish()
    {
        using var client = await SignedInAsync();
        var page = await GetAsync(client, $"/t/{Demo}/retention");
        Element(page, "until-hint").ShouldContain("åååå-MM-dd");
        Element(page, "until-hint").ShouldNotContain("yyyy");

        var refused = await SendAsync(client, HttpMethod.Post, $"/t/{Demo}/retention?handler=Hold", new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = LetheServer.AntiforgeryToken(page), ["Scope"] = "tenant", ["Reason"] = "Tvist med kunde", ["Until"] = "31-12-2030",
        });

        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var again = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        again.ShouldContain("Angiv tilbageholdelsens sidste dag som åååå-MM-dd");
        Element(again, "until-hint").ShouldContain("åååå-MM-dd");
        again.ShouldContain("value=\"31-12-2030\"", Case.Sensitive, "what was typed stays in the field");
    }

    [Fact]
    public async Task A_phone_field_with_letters_is_refused_in_danish_and_everything_typed_stays()
    {
        using var anonymous = Server.Anonymous();
        var form = await GetAsync(anonymous, $"/p/{Demo}?culture=da");
        form.ShouldContain("<input id=\"phone\" name=\"Phone\" type=\"tel\" autocomplete=\"tel\"");

        var refused = await SendAsync(anonymous, HttpMethod.Post, $"/p/{Demo}?culture=da", new Dictionary<string, string>
        {
            ["__Once"] = Once().Match(form).Groups[1].Value, ["Types"] = "access", ["Email"] = "ida@example.dk", ["FullName"] = "Ida Jensen",
            ["Phone"] = "ring efter kl. 16", ["Message"] = "Send mig det, I har.",
        });

        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var page = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        page.ShouldContain("Skriv telefonnummeret med cifre");
        page.ShouldContain("value=\"ring efter kl. 16\"");
        page.ShouldContain("value=\"ida@example.dk\"");
        page.ShouldContain("value=\"Ida Jensen\"");
        page.ShouldContain(">Send mig det, I har.</textarea>");
        (await RequestCountAsync()).ShouldBe(0);
    }

    [Theory]
    [InlineData("notadate")]
    // A day and month in either order is not guessed at: the form's fields send yyyy-MM-dd.
    [InlineData("01/02/2026")]
    public async Task A_bad_date_in_the_audit_logs_address_is_said_on_the_consoles_own_page(string date)
    {
        using var client = await SignedInAsync();

        using var response = await client.GetAsync($"/t/{Demo}/audit?from={Uri.EscapeDataString(date)}");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        page.ShouldContain("aria-label=\"Hovednavigation\"", Case.Sensitive, "the console's menu is there");
        page.ShouldContain($"<p class=\"error\" role=\"alert\" id=\"audit-error\">»{date}« er ikke en dato: skriv den som åååå-MM-dd, f.eks. 2026-03-31.</p>");
    }

    [Fact]
    public async Task A_verification_link_opened_again_says_the_request_is_already_confirmed_and_records_no_failure()
    {
        using var anonymous = Server.Anonymous();
        var form = await GetAsync(anonymous, $"/p/{Demo}?culture=da");
        (await SendAsync(anonymous, HttpMethod.Post, $"/p/{Demo}?culture=da", new Dictionary<string, string>
        {
            ["__Once"] = Once().Match(form).Groups[1].Value, ["Types"] = "access", ["Email"] = "bo@example.dk",
        })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var token = Mailbox.LinkToken((await ServerMailbox.DeliverAndReadAsync(Server, "bo@example.dk")).Single(), "/verify/");
        var confirm = new Dictionary<string, string> { ["Code"] = token };
        (await SendAsync(anonymous, HttpMethod.Post, $"/p/{Demo}/verify?culture=da", confirm)).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var again = await SendAsync(anonymous, HttpMethod.Post, $"/p/{Demo}/verify?culture=da", confirm);

        again.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = WebUtility.HtmlDecode(await again.Content.ReadAsStringAsync());
        Element(page, "already-verified").ShouldContain("Din anmodning er allerede bekræftet");
        page.ShouldNotContain("role=\"alert\"");
        await using var scope = Server.Database.Scope();
        var actions = await scope.ServiceProvider.GetRequiredService<LetheDbContext>().AuditEntries.IgnoreQueryFilters()
            .Where(a => a.Action.StartsWith("request.")).Select(a => a.Action).ToListAsync();
        actions.ShouldContain(AuditActions.RequestVerified);
        actions.ShouldNotContain(AuditActions.RequestVerificationFailed);
        actions.ShouldContain(AuditActions.RequestVerificationRepeated);
    }

    [Fact]
    public async Task Looking_up_an_address_without_consents_says_none_are_recorded()
    {
        using var client = await SignedInAsync();
        var page = await GetAsync(client, $"/t/{Demo}/consent");

        var answer = await SendAsync(client, HttpMethod.Post, $"/t/{Demo}/consent", new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = LetheServer.AntiforgeryToken(page), ["Email"] = "nobody@example.dk",
        });

        var said = WebUtility.HtmlDecode(await answer.Content.ReadAsStringAsync());
        Element(said, "person-none").ShouldContain("Der er ikke registreret samtykker for denne adresse");
        said.ShouldNotContain("id=\"person-state\"");
        said.ShouldNotContain(">givet<");
    }

    [Fact]
    public async Task The_revoke_page_names_the_key_and_another_tenants_key_is_not_found()
    {
        var own = await Server.Database.IssueKeyAsync(await Server.DemoTenantAsync(), "requests:read");
        var other = await Server.Database.IssueKeyAsync(await Server.Database.CreateTenantAsync("other-company"), "requests:read");
        using var client = await SignedInAsync();

        var page = await GetAsync(client, $"/t/{Demo}/api-keys/{own.Key.Id}/revoke");

        Element(page, "revoke-key").ShouldContain($"Nøgle: <strong>{own.Key.Name}</strong> <code>…{own.Key.Hint}</code>");
        (await client.GetAsync($"/t/{Demo}/api-keys/{other.Key.Id}/revoke")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.GetAsync($"/t/{Demo}/api-keys/{Guid.NewGuid()}/revoke")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_public_not_found_pages_link_back_keeps_the_readers_language()
    {
        using var anonymous = Server.Anonymous();

        using var response = await anonymous.GetAsync($"/p/{Demo}/privacy/v/999?culture=da");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var page = await response.Content.ReadAsStringAsync();
        page.ShouldContain("<html lang=\"da\">");
        page.ShouldContain($"<a href=\"/p/{Demo}?culture=da\">");
    }

    private async Task<HttpClient> SignedInAsync()
    {
        await Server.AddPersonAsync("dpo@flex4business.example", Role.PrivacyOfficer, await Server.DemoTenantAsync());
        var client = await Server.SignInAsync("dpo@flex4business.example");
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("da");
        return client;
    }


    /// <summary>
    /// Imports the demo's data map in force, changed by <paramref name="change"/>, as its next revision, through the
    /// server's own services so that what it has read recently is forgotten as an import in the console forgets it.
    /// </summary>
    private async Task ImportAsync(Tenant demo, Func<string, string> change)
    {
        await using var scope = Server.App.Services.CreateAsyncScope();
        var dataMap = scope.ServiceProvider.GetRequiredService<DataMapCommands>();
        var yaml = (await dataMap.CurrentAsync(demo, default))!.Yaml;
        var changed = change(yaml);
        changed.ShouldNotBe(yaml);
        (await dataMap.ImportAsync(demo, AuditActor.System, changed, "flex4business.yaml", default)).Succeeded.ShouldBeTrue();
    }

    private async Task<int> RequestCountAsync()
    {
        await using var scope = Server.Database.Scope();
        return await scope.ServiceProvider.GetRequiredService<LetheDbContext>().Requests.IgnoreQueryFilters().CountAsync();
    }

    private static async Task<string> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, path);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, Dictionary<string, string> form) =>
        client.SendAsync(new HttpRequestMessage(method, path) { Content = new FormUrlEncodedContent(form) });

    /// <summary>The element with the id, from its start tag to the end of the line it closes on (the pages write one per line).</summary>
    private static string Element(string page, string id)
    {
        var start = page.IndexOf($"id=\"{id}\"", StringComparison.Ordinal);
        start.ShouldBeGreaterThanOrEqualTo(0, $"no element {id}");
        var tag = page.LastIndexOf('<', start);
        var name = Regex.Match(page[(tag + 1)..], "^[a-z0-9]+").Value;
        var end = page.IndexOf($"</{name}>", start, StringComparison.Ordinal);
        return page[tag..(end + name.Length + 3)];
    }

    [GeneratedRegex("name=\"__Once\" value=\"([0-9a-f]{32})\"")]
    private static partial Regex Once();

    [GeneratedRegex(@"(?m)^\s*website: https://flex4business\.dk\r?\n")]
    private static partial Regex WebsiteLine();
}
