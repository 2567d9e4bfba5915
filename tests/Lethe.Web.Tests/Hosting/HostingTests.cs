using System.Net;
using System.Text.Json;
using Lethe.Web.Tests.Support;

namespace Lethe.Web.Tests.Hosting;

public sealed class HostingTests(BasicServer fixture) : IClassFixture<BasicServer>
{
    private readonly LetheServer _server = fixture.Server;

    [Fact]
    public async Task Health_answers_live_and_ready_without_credentials()
    {
        using var client = _server.Anonymous();
        (await client.GetAsync("/health/live")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var ready = await client.GetAsync("/health/ready");
        ready.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ready.Content.ReadAsStringAsync()).ShouldBe("Healthy");
    }

    [Theory]
    [InlineData("/signin")]
    [InlineData("/api/v1/tenants")]
    [InlineData("/health/ready")]
    [InlineData("/no/such/page")]
    public async Task Every_response_carries_the_security_headers(string path)
    {
        using var client = _server.Anonymous();
        var response = await client.GetAsync(path);

        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        csp.ShouldContain("frame-ancestors 'none'");
        csp.ShouldContain("script-src 'self'");
        csp.ShouldNotContain("unsafe-inline");
        response.Headers.GetValues("X-Content-Type-Options").Single().ShouldBe("nosniff");
        response.Headers.GetValues("Referrer-Policy").Single().ShouldBe("no-referrer");
        response.Headers.Contains("Server").ShouldBeFalse();
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_every_api_endpoint()
    {
        using var client = _server.Anonymous();
        var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json")).RootElement;

        document.GetProperty("openapi").GetString().ShouldStartWith("3.1");
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        var endpoints = EndpointCatalog.Discover(_server.App).Where(e => e.Route.StartsWith("/api/", StringComparison.Ordinal))
            .Select(e => e.Route).Distinct().ToList();
        endpoints.ShouldNotBeEmpty();
        foreach (var route in endpoints)
        {
            paths.ShouldContain(EndpointCatalog.OpenApiPath(route));
        }

        // Listed by area in the reference, each operation under one, and the API key asked for by default.
        var tags = document.GetProperty("paths").EnumerateObject().SelectMany(p => p.Value.EnumerateObject())
            .Select(o => o.Value.GetProperty("tags").EnumerateArray().Select(t => t.GetString()).ToList()).ToList();
        tags.ShouldAllBe(t => t.Count == 1);
        tags.Select(t => t[0]).Distinct().ShouldBe(
            ["Tenants", "People", "API keys", "Audit log", "Data map", "Records of processing", "Privacy notices", "Requests", "Consent", "Retention",
             "Scanning", "Breaches", "Processors", "Calendar, reviews and risks"], ignoreOrder: true);
        document.GetProperty("security")[0].EnumerateObject().Single().Name.ShouldBe("apiKey");
        // A webhook's callback carries its token in its address: the reference asks for no key there.
        document.GetProperty("paths").GetProperty("/api/v1/webhooks/{token}").GetProperty("post").GetProperty("security").GetArrayLength().ShouldBe(0);
        document.GetProperty("components").GetProperty("securitySchemes").GetProperty("apiKey").GetProperty("scheme").GetString().ShouldBe("bearer");
    }

    [Fact]
    public async Task An_unknown_api_address_is_a_problem_not_an_empty_404()
    {
        using var client = _server.WithApiKey("lethe_nonsense_nonsense_nonsense");
        var response = await client.GetAsync("/api/v1/nothing-here");
        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);

        using var anonymous = _server.Anonymous();
        await (await anonymous.GetAsync("/api/v1/nothing-here")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }
}
