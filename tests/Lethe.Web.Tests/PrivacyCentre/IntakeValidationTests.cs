using System.Net;
using Lethe.Storage;
using Lethe.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Web.Tests.PrivacyCentre;

/// <summary>
/// The privacy centre's form refuses what it cannot act on and says so in the visitor's language: an address no mail
/// reaches, and text longer than a field takes — never cut, with everything the person typed kept in the form.
/// </summary>
public sealed class IntakeValidationTests : ServerPerTest
{
    private static FormUrlEncodedContent Form(string email, string message, params (string Key, string Value)[] more) =>
        new(new[] { new KeyValuePair<string, string>("Types", "access"), new("Email", email), new("Message", message) }
            .Concat(more.Select(m => new KeyValuePair<string, string>(m.Key, m.Value))));

    private async Task<int> RequestsAsync()
    {
        await using var scope = Server.Database.Scope();
        return await scope.ServiceProvider.GetRequiredService<LetheDbContext>().Requests.IgnoreQueryFilters().CountAsync();
    }

    [Theory]
    [InlineData("a@b")]
    [InlineData("ida@localhost")]
    [InlineData("ida hansen@example.dk")]
    [InlineData("ida@example..dk")]
    public async Task An_address_no_mail_can_reach_is_refused_with_the_reason(string email)
    {
        await ShopTenant.CreateAsync(Server, "shop");
        using var client = Server.Anonymous();

        var refused = await client.PostAsync("/p/shop?culture=da", Form(email, "Hvad har I om mig?"));

        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()).ShouldContain("Angiv den e-mailadresse, vi kan sende bekræftelsen til");
        (await RequestsAsync()).ShouldBe(0);
    }

    [Theory]
    [InlineData("da", "Feltet »Din besked« er for langt: det kan højst rumme 2000 tegn.")]
    [InlineData("nb", "Feltet «Din melding» er for langt: det kan ha høyst 2000 tegn.")]
    [InlineData("en", "The field “Your message” is too long: it takes at most 2000 characters.")]
    public async Task Text_over_2000_characters_is_refused_naming_the_field_and_nothing_typed_is_lost(string language, string expected)
    {
        await ShopTenant.CreateAsync(Server, "shop");
        using var client = Server.Anonymous();
        var message = string.Concat(Enumerable.Repeat("Jeg vil vide alt. ", 112)) + "SLUT";
        message.Length.ShouldBeGreaterThan(2000);

        var refused = await client.PostAsync($"/p/shop?culture={language}", Form("ida@example.dk", message, ("FullName", "Ida Hansen")));

        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var page = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        page.ShouldContain(expected);
        page.ShouldContain(message + "</textarea>", Case.Sensitive, "the whole message is kept, to be shortened by the person");
        page.ShouldContain("value=\"ida@example.dk\"");
        page.ShouldContain("value=\"Ida Hansen\"");
        page.ShouldNotContain("maxlength=\"2000\"", Case.Sensitive, "a browser would cut pasted text at the limit without a word");
        (await RequestsAsync()).ShouldBe(0);

        var fits = await client.PostAsync($"/p/shop?culture={language}", Form("ida@example.dk", message[..2000]));
        fits.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await RequestsAsync()).ShouldBe(1);
    }

    [Fact]
    public async Task Rectification_needs_what_is_wrong_and_what_it_should_be()
    {
        await ShopTenant.CreateAsync(Server, "shop");
        using var client = Server.Anonymous();

        var missing = await client.PostAsync("/p/shop?culture=da", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Types"] = "rectification", ["Email"] = "ida@example.dk", ["Wrong"] = "Mit navn er stavet forkert",
        }));
        var tooLong = await client.PostAsync("/p/shop?culture=da", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Types"] = "rectification", ["Email"] = "ida@example.dk", ["Wrong"] = "Mit navn", ["Wanted"] = new string('x', 2001),
        }));

        missing.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        WebUtility.HtmlDecode(await missing.Content.ReadAsStringAsync()).ShouldContain("Skriv, hvad der er forkert, og hvad der skal stå i stedet, så vi kan rette det.");
        tooLong.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        WebUtility.HtmlDecode(await tooLong.Content.ReadAsStringAsync()).ShouldContain("Feltet »Hvad der skal stå i stedet« er for langt");
        (await RequestsAsync()).ShouldBe(0);
    }
}
