using System.Net;
using Lethe.Web.Tests.Support;

namespace Lethe.Web.Tests.Security;

/// <summary>
/// Where sign-in and the language switch send the browser afterwards. The one rule (<c>LocalReturnUrl</c>) must refuse
/// what browsers would read as another site and what the server cannot put in a Location header; until it did, a tab
/// (<c>/\t/x</c>) passed the check and made LocalRedirect throw, a 500.
/// </summary>
public sealed class ReturnUrlTests(BasicServer fixture) : IClassFixture<BasicServer>
{
    public static TheoryData<string> Unsafe() =>
    [
        "/\t/x", "/\t/evil.example", "/\n/evil.example", "/\r\nSet-Cookie: x=y", "/x\u0000", "/\u007f", "/\u0085",
        "//evil.example", "/\\evil.example", "/x\\..\\y", "\\\\evil.example", "https://evil.example/", "evil.example",
        "/é", "/ x", " /x", "/x\u2028", "/" + new string('a', 3000),
    ];

    [Theory]
    [MemberData(nameof(Unsafe))]
    public void Unsafe_return_urls_become_the_start_page(string url) => Lethe.Web.Security.LocalReturnUrl.From(url).ShouldBe("/");

    [Theory]
    [InlineData("/", "/")]
    [InlineData("/t/tenant-a/requests?show=open", "/t/tenant-a/requests?show=open")]
    [InlineData("/t/tenant-a/data-map#x", "/t/tenant-a/data-map#x")]
    [InlineData("/p/tenant-a/status/%C3%A9", "/p/tenant-a/status/%C3%A9")]
    [InlineData(null, "/")]
    [InlineData("", "/")]
    public void Local_return_urls_are_kept(string? url, string expected) => Lethe.Web.Security.LocalReturnUrl.From(url).ShouldBe(expected);

    [Theory]
    [InlineData("/\t/x")]
    [InlineData("/é")]
    [InlineData("//evil.example")]
    public async Task The_language_switch_sends_an_unsafe_return_url_home(string returnUrl)
    {
        using var client = fixture.Server.Anonymous();
        var token = LetheServer.AntiforgeryToken(await client.GetStringAsync("/signin"));

        var response = await client.PostAsync("/language", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["culture"] = "da", ["returnUrl"] = returnUrl,
        }));

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        response.Headers.Location!.OriginalString.ShouldBe("/");
    }

    [Theory]
    [InlineData("/\t/x")]
    [InlineData("/é")]
    public async Task Sign_in_sends_an_unsafe_return_url_home(string returnUrl)
    {
        using var client = fixture.Server.Anonymous();
        var token = LetheServer.AntiforgeryToken(await client.GetStringAsync("/signin"));

        var response = await client.PostAsync("/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Email"] = "root@lethe.test", ["Password"] = LetheServer.PersonPassword, ["ReturnUrl"] = returnUrl,
        }));

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        response.Headers.Location!.OriginalString.ShouldBe("/");
    }
}
