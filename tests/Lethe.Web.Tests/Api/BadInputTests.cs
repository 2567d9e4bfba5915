using System.Net;
using System.Text;
using Lethe.Web.Tests.Support;

namespace Lethe.Web.Tests.Api;

/// <summary>Every API endpoint that takes a body or a query, fed the kinds of bad input clients send: always a 4xx problem, never a 500.</summary>
public sealed class BadInputTests(BasicServer fixture) : IClassFixture<BasicServer>
{
    private readonly LetheServer _server = fixture.Server;
    private readonly HttpClient _admin = fixture.Admin;

    public static TheoryData<string, string, HttpStatusCode, string> Bodies() => new()
    {
        { "malformed JSON", "{\"name\": ", HttpStatusCode.BadRequest, "not valid JSON" },
        { "a string where text is expected", "{\"name\": 5}", HttpStatusCode.BadRequest, "$.name" },
        { "an array instead of an object", "[]", HttpStatusCode.BadRequest, "not valid JSON" },
        { "a misspelt field", "{\"nmae\": \"x\"}", HttpStatusCode.BadRequest, "nmae" },
        { "an empty body", "", HttpStatusCode.BadRequest, "" },
        { "null", "null", HttpStatusCode.BadRequest, "" },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task Every_body_endpoint_answers_bad_json_with_a_problem(string kind, string body, HttpStatusCode status, string mentions)
    {
        foreach (var endpoint in BodyEndpoints())
        {
            using var response = await _admin.SendAsync(new HttpRequestMessage(new HttpMethod(endpoint.Method), Path(endpoint))
            {
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
            });
            var problem = await response.ShouldBeProblemAsync(status);
            (problem.GetProperty("title").GetString() + " " + (problem.TryGetProperty("detail", out var d) ? d.GetString() : ""))
                .ShouldContain(mentions, Case.Insensitive, $"{endpoint} with {kind}");
        }
    }

    [Fact]
    public async Task Every_body_endpoint_refuses_an_oversized_body_with_413()
    {
        var huge = "{\"name\": \"" + new string('x', 1_200_000) + "\"}";
        foreach (var endpoint in BodyEndpoints())
        {
            // "Expect: 100-continue" holds the body back until the server has looked at the headers; without it the server's
            // early 413 can close the connection while the client is still sending, and the test fails on a broken pipe.
            var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), Path(endpoint)) { Content = new StringContent(huge, Encoding.UTF8, "application/json") };
            request.Headers.ExpectContinue = true;
            using var response = await _admin.SendAsync(request);
            ((await response.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge)).GetProperty("detail").GetString() ?? "").ShouldContain("KiB");
        }
    }

    [Fact]
    public async Task Every_body_endpoint_refuses_a_form_post_with_415()
    {
        foreach (var endpoint in BodyEndpoints())
        {
            using var response = await _admin.SendAsync(new HttpRequestMessage(new HttpMethod(endpoint.Method), Path(endpoint))
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["name"] = "x" }),
            });
            await response.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType);
        }
    }

    [Theory]
    [InlineData("bogus")]
    [InlineData("utf-7")]
    [InlineData("utf-16")]
    public async Task Every_body_endpoint_refuses_a_charset_it_cannot_read_with_415_naming_it(string charset)
    {
        // The framework's JSON reader threw InvalidOperationException on an unknown charset, and every JSON operation answered 500.
        foreach (var endpoint in BodyEndpoints())
        {
            using var response = await _admin.SendAsync(new HttpRequestMessage(new HttpMethod(endpoint.Method), Path(endpoint))
            {
                Content = new StringContent("{}", new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") { CharSet = charset }),
            });
            ((await response.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType)).GetProperty("detail").GetString() ?? "").ShouldContain($"'{charset}'", customMessage: endpoint.ToString());
        }
    }

    [Theory]
    [InlineData("[null]")]
    [InlineData("[\"tenant:read\", null]")]
    public async Task A_null_scope_is_a_400_naming_the_field(string scopes)
    {
        // ApiKeyScopes.TryParse looked a null up in a dictionary: ArgumentNullException, a 500 (the console's form too).
        using var response = await _admin.PostAsync("/api/v1/tenants/tenant-a/api-keys", Json($"{{\"name\":\"ci\",\"scopes\":{scopes}}}"));

        ((await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("scopes")[0].GetString() ?? "").ShouldContain("is not a scope");
    }

    [Fact]
    public async Task Validation_problems_name_each_field_with_a_sentence()
    {
        using var response = await _admin.PostAsync("/api/v1/tenants", Json(
            "{\"slug\":\"Bad Slug\",\"name\":\"\",\"country\":\"SE\",\"registrationNumber\":\"1\",\"address\":\"x\",\"contactEmail\":\"nope\"}"));
        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        foreach (var field in new[] { "slug", "name", "country", "contactEmail" })
        {
            errors.GetProperty(field)[0].GetString()!.Length.ShouldBeGreaterThan(15, field);
        }
    }

    [Theory]
    [InlineData("/api/v1/tenants/tenant-a/audit?limit=abc")]
    [InlineData("/api/v1/tenants/tenant-a/audit?limit=100000")]
    [InlineData("/api/v1/tenants/tenant-a/audit?limit=0")]
    [InlineData("/api/v1/tenants/tenant-a/audit?from=yesterday")]
    [InlineData("/api/v1/tenants/tenant-a/audit?before=1e99")]
    [InlineData("/api/v1/tenants/tenant-a/audit?from=2026-02-01&to=2026-01-01")]
    [InlineData("/api/v1/audit?limit=-1")]
    public async Task Bad_query_values_are_a_400_problem(string url)
    {
        using var response = await _admin.GetAsync(url);
        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("GET", "/api/v1/tenants/no-such-tenant", HttpStatusCode.NotFound)]
    [InlineData("GET", "/api/v1/tenants/%27%3B%20DROP%20TABLE%20tenants%3B--", HttpStatusCode.NotFound)]
    [InlineData("DELETE", "/api/v1/tenants/tenant-a/api-keys/not-a-guid", HttpStatusCode.NotFound)]
    [InlineData("DELETE", "/api/v1/tenants/tenant-a/api-keys/00000000-0000-0000-0000-000000000000", HttpStatusCode.NotFound)]
    [InlineData("DELETE", "/api/v1/tenants/tenant-a/users/nobody/roles/Agent", HttpStatusCode.NotFound)]
    [InlineData("DELETE", "/api/v1/tenants/tenant-a/users/nobody/roles/Emperor", HttpStatusCode.BadRequest)]
    [InlineData("PATCH", "/api/v1/tenants/tenant-a", HttpStatusCode.MethodNotAllowed)]
    public async Task Unknown_things_are_a_problem_too(string method, string url, HttpStatusCode status)
    {
        using var response = await _admin.SendAsync(new HttpRequestMessage(new HttpMethod(method), url));
        await response.ShouldBeProblemAsync(status);
    }

    [Fact]
    public async Task A_very_long_tenant_slug_is_a_404_not_an_error()
    {
        using var response = await _admin.GetAsync("/api/v1/tenants/" + new string('a', 5000));
        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    private IEnumerable<DiscoveredEndpoint> BodyEndpoints()
    {
        var endpoints = EndpointCatalog.Discover(_server.App)
            .Where(e => e.Route.StartsWith("/api/", StringComparison.Ordinal) && e.TakesJsonBody) // the manifest is YAML: see ManifestApiTests
            .ToList();
        endpoints.Count.ShouldBeGreaterThanOrEqualTo(5);
        return endpoints;
    }

    private static string Path(DiscoveredEndpoint endpoint) => endpoint.Route
        .Replace("{tenant}", "tenant-a", StringComparison.Ordinal)
        .Replace("{id:guid}", Guid.NewGuid().ToString(), StringComparison.Ordinal)
        .Replace("{step:guid}", Guid.NewGuid().ToString(), StringComparison.Ordinal)
        .Replace("{finding:guid}", Guid.NewGuid().ToString(), StringComparison.Ordinal);

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
