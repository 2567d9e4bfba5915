using System.Net;
using System.Text;
using Lethe.Tenancy;
using Lethe.Tests.DataMap;
using Lethe.Tests.Support;
using Lethe.Web.Security;
using Lethe.Web.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace Lethe.Web.Tests.Security;

/// <summary>A console session's cookie makes no API change that a page of another website sent.</summary>
public sealed class CrossSiteApiWriteTests
{
    [Theory]
    [InlineData(null, null, "http", false)]
    [InlineData("same-origin", null, "http", false)]
    [InlineData("none", null, "http", false)]
    [InlineData("same-site", null, "http", true)]
    [InlineData("cross-site", null, "http", true)]
    [InlineData(null, "http://lethe.shop.example", "http", false)]
    [InlineData(null, "HTTP://LETHE.SHOP.EXAMPLE", "http", false)]
    [InlineData(null, "https://lethe.shop.example", "http", true)]
    [InlineData(null, "http://blog.shop.example", "http", true)]
    [InlineData(null, "null", "http", true)]
    [InlineData("same-origin", "https://lethe.shop.example", "http", false)]
    [InlineData("cross-site", "http://lethe.shop.example", "http", true)]
    [InlineData(null, "https://lethe.shop.example", "https", false)]
    [InlineData(null, "https://privacy.shop.example", "http", false)]
    public void The_browser_says_where_a_request_comes_from(string? fetchSite, string? origin, string scheme, bool refused)
    {
        var request = new DefaultHttpContext().Request;
        request.Scheme = scheme;
        request.Host = new HostString("lethe.shop.example");
        if (fetchSite is not null)
        {
            request.Headers["Sec-Fetch-Site"] = fetchSite;
        }

        if (origin is not null)
        {
            request.Headers.Origin = origin;
        }

        CrossSiteApiWrites.FromElsewhere(request, "https://privacy.shop.example/").ShouldBe(refused);
    }

    [Fact]
    public async Task A_change_sent_with_the_console_cookie_from_another_site_is_refused_and_nothing_is_stored()
    {
        await using var server = await LetheServer.StartAsync();
        var tenant = await server.Database.CreateTenantAsync("shop");
        await server.AddPersonAsync("admin@shop.example", Role.PrivacyOfficer, tenant);
        using var console = await server.SignInAsync("admin@shop.example");
        var key = await server.Database.IssueKeyAsync(tenant, ["datamap:write"]);
        using var withKey = server.WithApiKey(key.Secret);

        async Task<HttpResponseMessage> PutAsync(HttpClient client, params (string Name, string Value)[] headers)
        {
            using var request = new HttpRequestMessage(HttpMethod.Put, "/api/v1/tenants/shop/manifest")
            {
                Content = new StringContent(ManifestFiles.Minimal, Encoding.UTF8, "application/yaml"),
            };
            foreach (var (name, value) in headers)
            {
                request.Headers.Add(name, value);
            }

            return await client.SendAsync(request);
        }

        var fromSibling = await PutAsync(console, ("Sec-Fetch-Site", "same-site"), ("Origin", "https://blog.shop.example"));
        (await fromSibling.ShouldBeProblemAsync(HttpStatusCode.Forbidden)).GetRawText().ShouldContain("API key");
        var fromOrigin = await PutAsync(console, ("Origin", "https://evil.example"));
        await fromOrigin.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        (await console.GetAsync("/api/v1/tenants/shop/manifest")).StatusCode.ShouldBe(HttpStatusCode.NotFound, "nothing was stored");

        // Reading stays open to the session, and a key's caller is no browser page riding on someone's session.
        (await console.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await PutAsync(withKey, ("Sec-Fetch-Site", "cross-site"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var own = await PutAsync(console, ("Sec-Fetch-Site", "same-origin"), ("Origin", server.BaseAddress.GetLeftPart(UriPartial.Authority)));
        own.StatusCode.ShouldBe(HttpStatusCode.OK, await own.Content.ReadAsStringAsync());
    }
}
