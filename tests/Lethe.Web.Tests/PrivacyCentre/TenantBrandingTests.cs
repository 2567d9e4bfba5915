using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lethe.Tenancy;
using Lethe.Web.Tests.Support;
using Microsoft.Playwright;

namespace Lethe.Web.Tests.PrivacyCentre;

/// <summary>
/// A company's logo and colour on its public pages: set through the API (https and #rrggbb only), shown with text that
/// stays readable on the colour, and the logo's host allowed to the public page alone.
/// </summary>
public sealed class TenantBrandingTests : BrowserTest
{
    private const string Logo = "https://cdn.flex4b.example/brand/logo.svg";

    private const string Svg = """<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><rect width="120" height="40" fill="#222"/><text x="10" y="27" fill="#f5d90a" font-size="20">F4B</text></svg>""";

    [Fact]
    public async Task A_logo_and_a_light_colour_show_on_the_public_pages_with_dark_text_on_the_colour()
    {
        await Server.AddPersonAsync("po@lethe.test", Role.PlatformAdmin);
        using var admin = await Server.SignInAsync("po@lethe.test");
        var tenant = await admin.GetStringAsync("/api/v1/tenants/flex4business");

        var refused = await admin.PutAsJsonAsync("/api/v1/tenants/flex4business", EditOf(tenant, "http://cdn.flex4b.example/logo.svg", "yellow"));
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        errors.GetProperty("logoUrl")[0].GetString()!.ShouldContain("https://");
        errors.GetProperty("accentColour")[0].GetString()!.ShouldContain("#rrggbb");

        var saved = await admin.PutAsJsonAsync("/api/v1/tenants/flex4business", EditOf(tenant, Logo, "#F5D90A"));
        saved.StatusCode.ShouldBe(HttpStatusCode.OK);
        var view = await saved.Content.ReadFromJsonAsync<JsonElement>();
        view.GetProperty("logoUrl").GetString().ShouldBe(Logo);
        view.GetProperty("accentColour").GetString().ShouldBe("#f5d90a");

        var person = await NewPageAsync();
        await person.RouteAsync(Logo, route => route.FulfillAsync(new RouteFulfillOptions { ContentType = "image/svg+xml", Body = Svg }));
        var response = await person.GotoAsync("/p/flex4business?culture=en");

        (await response!.HeaderValueAsync("content-security-policy") ?? "").ShouldContain("img-src 'self' data: https://cdn.flex4b.example;");
        (await person.EvaluateAsync<int>("() => document.querySelector('.brand img').naturalWidth")).ShouldBe(120, "the logo loaded");
        (await person.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('.public-header')).borderTopColor")).ShouldBe("rgb(245, 217, 10)");
        var button = await person.EvaluateAsync<string[]>("() => { const s = getComputedStyle(document.querySelector('#intake button')); return [s.backgroundColor, s.color]; }");
        button.ShouldBe(["rgb(245, 217, 10)", "rgb(0, 0, 0)"], "black on the yellow, which white would not be readable on");
        (await person.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('#footer-notice')).color"))
            .ShouldBe("rgb(31, 95, 139)", "links keep Lethe's blue: yellow text on white is not readable");
        await Screens.ShootAsync(person, "public-branded-intake-en");

        // The console is not opened to the logo's host.
        using var anonymous = Server.Anonymous();
        var signIn = await anonymous.GetAsync("/signin");
        signIn.Headers.GetValues("Content-Security-Policy").Single().ShouldNotContain("cdn.flex4b.example");
    }

    [Fact]
    public async Task The_privacy_officer_sets_the_colour_on_the_console_edit_page_and_a_readable_one_colours_the_links()
    {
        var officer = await SignedInToDemoTenantAsync("po@flex4b.example", Role.PrivacyOfficer);
        await officer.GotoAsync("/t/flex4business/edit");
        await officer.FillAsync("#Input_AccentColour", "#C8102E");
        await officer.FillAsync("#Input_LogoUrl", "http://cdn.flex4b.example/logo.svg");
        await officer.ClickAsync("main form button[type=submit]");
        (await officer.TextContentAsync("main") ?? "").ShouldContain("https://", Case.Sensitive, "the logo refused, saying why");
        await officer.FillAsync("#Input_LogoUrl", "");
        await officer.ClickAsync("main form button[type=submit]");
        officer.Url.ShouldEndWith("/t/flex4business");

        var person = await NewPageAsync();
        await person.GotoAsync("/p/flex4business?culture=da");

        (await person.Locator(".brand img").CountAsync()).ShouldBe(0);
        (await person.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('.public-header')).borderTopColor")).ShouldBe("rgb(200, 16, 46)");
        (await person.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('#intake button')).color")).ShouldBe("rgb(255, 255, 255)");
        (await person.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('#footer-notice')).color")).ShouldBe("rgb(200, 16, 46)", "5.9:1 on white");
        await Screens.ShootAsync(person, "public-branded-intake-da");
    }

    private static Dictionary<string, string?> EditOf(string tenantJson, string logo, string colour)
    {
        var t = JsonDocument.Parse(tenantJson).RootElement;
        return new Dictionary<string, string?>
        {
            ["name"] = t.GetProperty("name").GetString(),
            ["country"] = t.GetProperty("country").GetString(),
            ["registrationNumber"] = t.GetProperty("registrationNumber").GetString(),
            ["address"] = t.GetProperty("address").GetString(),
            ["contactEmail"] = t.GetProperty("contactEmail").GetString(),
            ["logoUrl"] = logo,
            ["accentColour"] = colour,
        };
    }
}
