using System.Net;
using Lethe.Storage;
using Lethe.Web.Tests.Support;

namespace Lethe.Web.Tests.Hosting;

public sealed class HttpsRedirectionTests
{
    [Fact]
    public async Task With_redirection_on_plain_http_is_sent_to_https_unless_a_named_proxy_says_it_was_https()
    {
        await using var server = await LetheServer.StartAsync(DatabaseProvider.Sqlite, httpsRedirection: true,
            configuration: new Dictionary<string, string?> { ["Lethe:ForwardedHeaders:KnownProxies"] = "127.0.0.1" });
        using var client = server.Anonymous();

        var plain = await client.GetAsync("/signin");
        plain.StatusCode.ShouldBe(HttpStatusCode.TemporaryRedirect);
        plain.Headers.Location!.ToString().ShouldBe($"https://{server.BaseAddress.Host}/signin");

        (await client.SendAsync(ForwardedAsHttps())).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_client_that_is_not_a_named_proxy_cannot_claim_https_for_itself()
    {
        await using var server = await LetheServer.StartAsync(DatabaseProvider.Sqlite, httpsRedirection: true);
        using var client = server.Anonymous();

        (await client.SendAsync(ForwardedAsHttps())).StatusCode.ShouldBe(HttpStatusCode.TemporaryRedirect);
    }

    [Fact]
    public async Task With_redirection_off_plain_http_is_served()
    {
        await using var server = await LetheServer.StartAsync();
        using var client = server.Anonymous();
        (await client.GetAsync("/signin")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private static HttpRequestMessage ForwardedAsHttps()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/signin");
        request.Headers.Add("X-Forwarded-Proto", "https");
        return request;
    }
}
