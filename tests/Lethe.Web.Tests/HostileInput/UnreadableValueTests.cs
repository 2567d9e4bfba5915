using System.Net;
using Lethe.Storage;
using Lethe.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Web.Tests.HostileInput;

/// <summary>
/// A value a page cannot read as its field's type is refused before the handler runs, naming the field in the reader's
/// language; an empty field still reaches the handler, which says what is missing in its own words.
/// </summary>
public sealed class UnreadableValueTests(BasicServer fixture) : IClassFixture<BasicServer>
{
    private string Tenant => fixture.Tenant.Slug;

    [Fact]
    public async Task A_form_value_not_of_its_fields_type_is_refused_and_nothing_is_done()
    {
        var keysBefore = await KeyCountAsync();

        var response = await PostNewKeyAsync(lifetime: "forever", language: "da");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        page.ShouldContain("Disse værdier kunne ikke læses, som de blev sendt: LifetimeDays.");
        page.ShouldContain("<html lang=\"da\">");
        page.ShouldNotContain("lethe_", customMessage: "no key's secret is shown");
        (await KeyCountAsync()).ShouldBe(keysBefore, "no key was issued");
    }

    [Fact]
    public async Task An_empty_field_reaches_the_handler_as_before()
    {
        var keysBefore = await KeyCountAsync();

        // An empty lifetime is the default one: the handler issues the key.
        var response = await PostNewKeyAsync(lifetime: "", language: "en");

        // Issued, and the secret is a redirect away (shown there once).
        response.StatusCode.ShouldBe(HttpStatusCode.Found);
        var page = await GetAsync(fixture.Admin, response.Headers.Location!.OriginalString, "en", HttpStatusCode.OK);
        page.ShouldContain("lethe_");
        page.ShouldNotContain("could not be read");
        (await KeyCountAsync()).ShouldBe(keysBefore + 1);
    }

    [Fact]
    public async Task A_missing_value_is_the_handlers_to_say_not_the_frameworks_validators()
    {
        // The risk form's handler takes a non-nullable system name: the framework's validators would call it required
        // (in English) and, before the handler, make it look like a value that could not be read.
        var form = await fixture.Admin.GetStringAsync($"/t/{Tenant}/risks");

        var response = await fixture.Admin.PostAsync($"/t/{Tenant}/risks", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = LetheServer.AntiforgeryToken(form), ["Likelihood"] = "2", ["Impact"] = "3",
        }));

        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        ((int)response.StatusCode).ShouldBeInRange(400, 499);
        page.ShouldNotContain("could not be read as they were sent");
        page.ShouldNotContain("field is required");
        page.ShouldContain("validation-summary-errors", customMessage: "the handler said what is wrong on the form");
    }

    [Theory]
    [InlineData("da", "Angiv »Sandsynlighed efter foranstaltningerne« som et helt tal fra 1 til 4.")]
    [InlineData("en", "Give 'Likelihood after the measures' as a whole number from 1 to 4.")]
    public async Task A_value_out_of_its_range_is_said_on_the_form_by_its_label(string language, string said)
    {
        var form = await fixture.Admin.GetStringAsync("/t/flex4business/risks");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/t/flex4business/risks?system=website")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = LetheServer.AntiforgeryToken(form), ["Likelihood"] = "2", ["Impact"] = "3",
                ["ResidualLikelihood"] = "9", ["ResidualImpact"] = "1",
            }),
        };
        request.Headers.AcceptLanguage.ParseAdd(language);

        using var response = await fixture.Admin.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()).ShouldContain(said);
    }

    [Theory]
    [InlineData("before=never", "en", "These values could not be read as they were sent: before.")]
    [InlineData("before=last&from=2026-12-01", "nb", "Disse verdiene kunne ikke leses slik de ble sendt: before.")]
    [InlineData("to=tomorrow&before=yesterday", "da", "Disse værdier kunne ikke læses, som de blev sendt: before.")]
    public async Task A_query_value_not_of_its_type_is_a_400_naming_it(string query, string language, string said)
    {
        var page = await GetAsync(fixture.Admin, $"/t/{Tenant}/audit?{query}", language, HttpStatusCode.BadRequest);
        page.ShouldContain(said);
        page.ShouldNotContain("<table", customMessage: "no audit entries are listed");
    }

    [Theory]
    [InlineData("request=0b7c", "da", "»Anmodnings-id« er ikke et gyldigt anmodnings-id: kopiér det fra anmodningens side.")]
    [InlineData("request=not%20an%20id", "en", "'Request id' is not a request's id: copy it from the request's page.")]
    [InlineData("from=2026-12-05&to=2026-12-01", "nb", "«Fra» kan ikke være etter «Til».")]
    [InlineData("from=yesterday", "en", "'yesterday' is not a date: write it as yyyy-MM-dd, e.g. 2026-03-31.")]
    [InlineData("from=notadate", "da", "»notadate« er ikke en dato: skriv den som åååå-MM-dd, f.eks. 2026-03-31.")]
    [InlineData("to=tomorrow", "nb", "«tomorrow» er ikke en dato: skriv den som åååå-MM-dd, f.eks. 2026-03-31.")]
    public async Task The_audit_forms_own_mistakes_are_said_on_the_page_in_the_readers_language(string query, string language, string said)
    {
        var page = await GetAsync(fixture.Admin, $"/t/{Tenant}/audit?{query}", language, HttpStatusCode.OK);
        page.ShouldContain($"<p class=\"error\" role=\"alert\" id=\"audit-error\">{said}</p>");
        page.ShouldNotContain("<tr id=\"audit-", customMessage: "nothing is listed: a request id that is not one does not search every request");
        if (query.StartsWith("request=", StringComparison.Ordinal))
        {
            page.ShouldContain($"name=\"request\" value=\"{WebUtility.UrlDecode(query["request=".Length..])}\"", customMessage: "what was typed is shown back");
        }
    }

    [Fact]
    public async Task A_public_page_refuses_an_unreadable_value_in_the_readers_language()
    {
        using var anonymous = fixture.Server.Anonymous();

        var page = await GetAsync(anonymous, $"/p/{Tenant}/privacy?number=seven", "nb", HttpStatusCode.BadRequest);

        page.ShouldContain("Disse verdiene kunne ikke leses slik de ble sendt: number.");
    }

    private async Task<HttpResponseMessage> PostNewKeyAsync(string lifetime, string language)
    {
        var form = await fixture.Admin.GetStringAsync($"/t/{Tenant}/api-keys/new");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/t/{Tenant}/api-keys/new")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = LetheServer.AntiforgeryToken(form), ["Name"] = "nightly export " + Guid.NewGuid().ToString("N")[..6],
                ["Scopes"] = "requests:read", ["LifetimeDays"] = lifetime,
            }),
        };
        request.Headers.AcceptLanguage.ParseAdd(language);
        return await fixture.Admin.SendAsync(request);
    }

    /// <summary>The page at <paramref name="path"/> in <paramref name="language"/>, its entities decoded, after checking its status.</summary>
    private static async Task<string> GetAsync(HttpClient client, string path, string language, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.AcceptLanguage.ParseAdd(language);
        using var response = await client.SendAsync(request);
        response.StatusCode.ShouldBe(expected);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    private async Task<int> KeyCountAsync()
    {
        await using var scope = fixture.Server.Database.Scope();
        var db = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
        return await db.ApiKeys.IgnoreQueryFilters().CountAsync(k => k.TenantId == fixture.Tenant.Id);
    }
}
