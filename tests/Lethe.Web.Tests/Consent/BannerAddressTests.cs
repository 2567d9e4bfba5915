using System.Net.Http.Headers;
using Lethe.Web.Tests.Support;

namespace Lethe.Web.Tests.Consent;

/// <summary>Where the banner script sends people's choices: the configured public address, not the request's Host header.</summary>
public sealed class BannerAddressTests
{
    private static async Task<HttpResponseMessage> ScriptAsync(LetheServer server, string host)
    {
        using var client = server.Anonymous();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/p/{DemoTenant.Slug}/consent.js");
        request.Headers.Host = host;
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task With_a_public_address_configured_a_forged_Host_header_does_not_reach_the_script()
    {
        await using var server = await LetheServer.StartAsync(configuration: new Dictionary<string, string?> { ["Lethe:PublicUrl"] = "https://privacy.example.dk/" });

        var answer = await ScriptAsync(server, "attacker.example");

        answer.EnsureSuccessStatusCode();
        var script = await answer.Content.ReadAsStringAsync();
        script.ShouldContain($"\"endpoint\":\"https://privacy.example.dk/p/{DemoTenant.Slug}/consent\"");
        script.ShouldNotContain("attacker.example");
        answer.Headers.Vary.ShouldNotContain("Host");
    }

    [Fact]
    public async Task Without_one_the_script_is_built_for_the_host_asked_and_says_that_it_varies_by_it()
    {
        await using var server = await LetheServer.StartAsync();

        var answer = await ScriptAsync(server, "privacy.shop.example");

        answer.EnsureSuccessStatusCode();
        (await answer.Content.ReadAsStringAsync()).ShouldContain($"\"endpoint\":\"http://privacy.shop.example/p/{DemoTenant.Slug}/consent\"");
        answer.Headers.Vary.ShouldContain("Host");
        answer.Headers.CacheControl.ShouldBe(CacheControlHeaderValue.Parse("public, max-age=300"));
    }
}
