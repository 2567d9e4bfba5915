using System.Net;
using Lethe.Web.Tests.Support;
using Microsoft.Extensions.Options;

namespace Lethe.Web.Tests.Hosting;

/// <summary>
/// X-Forwarded-For names the client only when a proxy the operator trusts sent it; from anyone else (a local process
/// included) it is a claim the client makes about itself, and the per-address limits must not take its word for it.
/// The sign-in page's limit (30 a minute per client address) makes the client address the server believes visible.
/// </summary>
public sealed class ForwardedHeadersTests
{
    private const int SignInLimit = 30;

    [Fact]
    public async Task Without_a_trusted_proxy_a_forwarded_address_from_loopback_changes_nothing()
    {
        await using var server = await LetheServer.StartAsync();

        var statuses = await SignInPagesAsync(server, i => $"198.51.100.{i + 1}");

        statuses[..SignInLimit].ShouldAllBe(s => s == HttpStatusCode.OK);
        statuses[SignInLimit].ShouldBe(HttpStatusCode.TooManyRequests, "every forwarded address counted as loopback's own");
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("10.9.8.7, 127.0.0.0/8")]
    public async Task A_named_proxy_is_believed_and_each_forwarded_client_has_its_own_limit(string proxies)
    {
        await using var server = await LetheServer.StartAsync(configuration: new Dictionary<string, string?> { ["Lethe:ForwardedHeaders:KnownProxies"] = proxies });

        (await SignInPagesAsync(server, i => $"198.51.100.{i + 1}")).ShouldAllBe(s => s == HttpStatusCode.OK);
        (await SignInPagesAsync(server, _ => "203.0.113.9"))[SignInLimit].ShouldBe(HttpStatusCode.TooManyRequests, "one forwarded client, one limit");
    }

    [Fact]
    public async Task The_environment_variable_names_trusted_proxies_too()
    {
        await using var server = await LetheServer.StartAsync(configuration: new Dictionary<string, string?> { ["LETHE_TRUSTED_PROXIES"] = "127.0.0.1" });

        (await SignInPagesAsync(server, i => $"198.51.100.{i + 1}")).ShouldAllBe(s => s == HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_proxy_setting_that_is_not_an_address_stops_the_server_naming_the_setting()
    {
        var failure = await Should.ThrowAsync<OptionsValidationException>(() => LetheServer.StartAsync(
            configuration: new Dictionary<string, string?> { ["Lethe:ForwardedHeaders:KnownProxies"] = "127.0.0.1, proxy.internal" }));

        failure.Message.ShouldContain("LETHE_TRUSTED_PROXIES");
        failure.Message.ShouldContain("proxy.internal");
    }

    /// <summary>One more than the limit of GETs of the sign-in page, each forwarded for the address given.</summary>
    private static async Task<HttpStatusCode[]> SignInPagesAsync(LetheServer server, Func<int, string> forwardedFor)
    {
        using var client = server.Anonymous();
        var statuses = new HttpStatusCode[SignInLimit + 1];
        for (var i = 0; i < statuses.Length; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/signin");
            request.Headers.Add("X-Forwarded-For", forwardedFor(i));
            statuses[i] = (await client.SendAsync(request)).StatusCode;
        }

        return statuses;
    }
}
