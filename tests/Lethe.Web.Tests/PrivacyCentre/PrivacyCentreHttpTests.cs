using System.Net;
using Lethe.Tests.Support;
using Lethe.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Web.Tests.PrivacyCentre;

/// <summary>The public privacy centre through the real HTTP pipeline: what it tells, and what it never tells.</summary>
public sealed class PrivacyCentreHttpTests : ServerPerTest
{
    private static FormUrlEncodedContent Form(string email, string type = "access") => new(new Dictionary<string, string>
    {
        ["Types"] = type,
        ["Email"] = email,
        ["Message"] = "Please send me what you have.",
    });

    private static string Describe(HttpResponseMessage response) =>
        $"{(int)response.StatusCode}\n" + string.Join("\n", response.Headers.Concat(response.Content.Headers)
            // The clock is the one thing that may differ between two answers a second apart.
            .Where(h => h.Key != "Date").OrderBy(h => h.Key, StringComparer.Ordinal).Select(h => $"{h.Key}: {string.Join(",", h.Value)}"));

    [Fact]
    public async Task A_known_and_an_unknown_address_get_identical_answers()
    {
        var shop = await ShopTenant.CreateAsync(Server, "shop");
        var known = (string)(await shop.Erp.QueryAsync("SELECT email FROM customers ORDER BY id")).First()[0]!;
        using var client = Server.Anonymous();

        var first = await client.PostAsync("/p/shop?culture=en", Form(known));
        var second = await client.PostAsync("/p/shop?culture=en", Form("nobody-" + Guid.NewGuid().ToString("N")[..8] + "@example.dk"));

        first.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        Describe(second).ShouldBe(Describe(first));
        (await second.Content.ReadAsStringAsync()).ShouldBe(await first.Content.ReadAsStringAsync());
        first.Headers.Location!.OriginalString.ShouldBe("/p/shop/sent?culture=en");
        first.Headers.Contains("Set-Cookie").ShouldBeFalse();
        // Both got a confirmation mail: what differs is only what the company finds once the address is confirmed.
        (await ServerMailbox.DeliverAndReadAsync(Server, known)).Count.ShouldBe(1);
        var sent = await client.GetStringAsync(first.Headers.Location);
        sent.ShouldContain("If the address is right");
    }

    [Fact]
    public async Task The_same_form_sent_three_times_at_once_files_one_request_and_sends_one_mail()
    {
        await ShopTenant.CreateAsync(Server, "shop");
        using var client = Server.Anonymous();
        var page = await client.GetStringAsync("/p/shop?culture=en");
        var once = System.Text.RegularExpressions.Regex.Match(page, "name=\"__Once\" value=\"([0-9a-f]{32})\"").Groups[1].Value;
        once.Length.ShouldBe(32, "the intake form carries this rendering's own value");
        FormUrlEncodedContent Sent() => new(new Dictionary<string, string>
        {
            ["__Once"] = once, ["Types"] = "erasure", ["Email"] = "twice@example.dk", ["Message"] = "Please erase me.",
        });

        var answers = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => client.PostAsync("/p/shop?culture=en", Sent())));

        answers.ShouldAllBe(a => a.StatusCode == HttpStatusCode.Redirect);
        answers.Select(a => a.Headers.Location!.OriginalString).Distinct().ShouldBe(["/p/shop/sent?culture=en"]);
        (await ServerMailbox.DeliverAndReadAsync(Server, "twice@example.dk")).Count.ShouldBe(1, "one verification mail");
        await using var scope = Server.Database.Scope();
        (await scope.ServiceProvider.GetRequiredService<Lethe.Storage.LetheDbContext>().Requests.IgnoreQueryFilters().CountAsync()).ShouldBe(1);

        // A new rendering of the form is a new filing.
        var again = await client.GetStringAsync("/p/shop?culture=en");
        var next = System.Text.RegularExpressions.Regex.Match(again, "name=\"__Once\" value=\"([0-9a-f]{32})\"").Groups[1].Value;
        next.ShouldNotBe(once);
    }

    [Fact]
    public async Task Filing_too_often_for_one_address_is_429_with_Retry_After_and_files_nothing_more()
    {
        await ShopTenant.CreateAsync(Server, "shop");
        using var client = Server.Anonymous();
        for (var i = 0; i < 3; i++)
        {
            (await client.PostAsync("/p/shop", Form("ida@example.dk"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }

        var refused = await client.PostAsync("/p/shop", Form("IDA@example.dk"));

        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        int.Parse(refused.Headers.RetryAfter!.ToString(), System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThan(0);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("Too many attempts");
        await using var scope = Server.Database.Scope();
        (await scope.ServiceProvider.GetRequiredService<Lethe.Storage.LetheDbContext>().Requests.IgnoreQueryFilters().CountAsync()).ShouldBe(3);
    }

    [Fact]
    public async Task A_stranger_cannot_use_up_a_persons_filings_with_empty_forms_or_another_companys_page()
    {
        await ShopTenant.CreateAsync(Server, "shop");
        await ShopTenant.CreateAsync(Server, "other-shop");
        using var client = Server.Anonymous();

        // Three posts that mail nobody (no right chosen), and three filings on another company's page.
        for (var i = 0; i < 3; i++)
        {
            (await client.PostAsync("/p/shop", new FormUrlEncodedContent(new Dictionary<string, string> { ["Email"] = "ida@example.dk" })))
                .StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        }

        for (var i = 0; i < 3; i++)
        {
            (await client.PostAsync("/p/other-shop", Form("ida@example.dk"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }

        // The person's own filing here still goes through.
        (await client.PostAsync("/p/shop", Form("ida@example.dk"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task Bad_input_is_a_400_page_that_names_the_field_in_the_visitors_language_and_bad_links_find_nothing()
    {
        await ShopTenant.CreateAsync(Server, "shop");
        using var client = Server.Anonymous();

        var noAddress = await client.PostAsync("/p/shop", Form("not an address"));
        noAddress.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await noAddress.Content.ReadAsStringAsync()).ShouldContain("Give the e-mail address we can send the confirmation to");
        var danish = await client.PostAsync("/p/shop?culture=da", Form("not an address", "forget-me"));
        danish.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var danishPage = System.Net.WebUtility.HtmlDecode(await danish.Content.ReadAsStringAsync());
        danishPage.ShouldContain("Angiv den e-mailadresse, vi kan sende bekræftelsen til");
        danishPage.ShouldContain("Vælg mindst én af de rettigheder");
        danishPage.ShouldNotContain("Give the e-mail address");
        var badType = await client.PostAsync("/p/shop", Form("ida@example.dk", "forget-me"));
        badType.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await badType.Content.ReadAsStringAsync()).ShouldContain("Choose at least one of the rights listed.");
        var huge = await client.PostAsync("/p/shop", new FormUrlEncodedContent(new Dictionary<string, string> { ["Types"] = "access", ["Email"] = "a@b.dk", ["Message"] = new string('x', 5000) }));
        huge.StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var code = await client.PostAsync("/p/shop/verify", new FormUrlEncodedContent(new Dictionary<string, string> { ["Code"] = "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH" }));
        code.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await code.Content.ReadAsStringAsync()).ShouldContain("does not work");
        (await client.GetAsync("/p/shop/status/AAAABBBBCCCCDDDDEEEEFFFFGGGGHHHH")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.GetAsync("/p/shop/status/AAAABBBBCCCCDDDDEEEEFFFFGGGGHHHH?handler=Answer")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.GetAsync("/p/no-such-shop")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        // Opening the link only shows a button: a mail scanner that follows links confirms nothing.
        var page = WebUtility.HtmlDecode(await client.GetStringAsync("/p/shop/verify/AAAABBBBCCCCDDDDEEEEFFFFGGGGHHHH?culture=da"));
        page.ShouldContain("Bekræft");
        page.ShouldContain("lang=\"da\"");
    }

    [Fact]
    public async Task The_person_confirms_by_typing_the_code_and_withdraws_through_the_status_link_before_work_starts()
    {
        await ShopTenant.CreateAsync(Server, "shop");
        using var client = Server.Anonymous();
        (await client.PostAsync("/p/shop?culture=nb", Form("kari@example.no", "erasure"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var mail = (await ServerMailbox.DeliverAndReadAsync(Server, "kari@example.no")).Single();
        var code = System.Text.RegularExpressions.Regex.Match(mail.TextBody ?? "", "[0-9A-Z]{4}(-[0-9A-Z]{4}){7}").Value;
        code.Length.ShouldBe(39);

        var verified = await client.PostAsync("/p/shop/verify?culture=nb", new FormUrlEncodedContent(new Dictionary<string, string> { ["Code"] = code.ToLowerInvariant() }));
        verified.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var status = verified.Headers.Location!.OriginalString;
        status.ShouldStartWith("/p/shop/status/");
        var page = WebUtility.HtmlDecode(await client.GetStringAsync(status));
        page.ShouldContain("Bekreftet");
        page.ShouldContain("Trekk tilbake forespørselen min");

        var token = status.Split('?')[0].Split('/')[^1];
        page.ShouldContain("Ja, trekk tilbake forespørselen min.");
        // Without the box ticked nothing is withdrawn: one click on the button is not enough.
        var unticked = await client.PostAsync($"/p/shop/status/{token}?culture=nb&handler=Withdraw", null);
        unticked.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var refused = WebUtility.HtmlDecode(await unticked.Content.ReadAsStringAsync());
        refused.ShouldContain("Kryss av for å bekrefte at du vil trekke tilbake. Ingenting er trukket tilbake.");
        refused.ShouldContain("Bekreftet");
        var withdrawn = await client.PostAsync($"/p/shop/status/{token}?culture=nb&handler=Withdraw",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["sure"] = "true" }));
        withdrawn.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var after = WebUtility.HtmlDecode(await client.GetStringAsync(status));
        after.ShouldContain("Trukket tilbake");
        after.ShouldNotContain("Trekk tilbake forespørselen min");
        // The same code a second time is refused: it was used.
        (await client.PostAsync("/p/shop/verify", new FormUrlEncodedContent(new Dictionary<string, string> { ["Code"] = code }))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        await using var scope = Server.Database.Scope();
        var actions = await scope.ServiceProvider.GetRequiredService<Lethe.Storage.LetheDbContext>().AuditEntries.IgnoreQueryFilters()
            .Where(a => a.Action.StartsWith("request.")).Select(a => a.Action).ToListAsync();
        actions.ShouldContain("request.status-read");
        actions.ShouldContain("request.withdrawn");
        actions.ShouldContain("request.verification-failed");
    }

    [Fact]
    public async Task Several_rights_in_one_form_become_requests_made_together_that_the_console_links()
    {
        var shop = await ShopTenant.CreateAsync(Server, "shop");
        await Server.AddPersonAsync("agent@shop.example", Lethe.Tenancy.Role.Agent, shop.Tenant);
        using var client = Server.Anonymous();
        var form = new FormUrlEncodedContent([new("Types", "access"), new("Types", "objection"), new("Email", "ida@example.dk")]);

        (await client.PostAsync("/p/shop", form)).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        (await ServerMailbox.DeliverAndReadAsync(Server, "ida@example.dk")).Single().Subject.ShouldNotBeNull();
        await using var scope = Server.Database.Scope();
        var requests = await scope.ServiceProvider.GetRequiredService<Lethe.Storage.LetheDbContext>().Requests.IgnoreQueryFilters().ToListAsync();
        requests.Select(r => r.Type).ShouldBe([Lethe.Requests.RequestType.Access, Lethe.Requests.RequestType.Objection], ignoreOrder: true);
        requests.Select(r => r.GroupId).Distinct().Single().ShouldNotBeNull();
        using var agent = await Server.SignInAsync("agent@shop.example");
        var page = WebUtility.HtmlDecode(await agent.GetStringAsync($"/t/shop/requests/{requests.Single(r => r.Type == Lethe.Requests.RequestType.Access).Id}"));
        page.ShouldContain("request-together");
        page.ShouldContain("Objection");
    }
}
