using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Lethe.Tenancy;
using Lethe.Tests.Support;
using Lethe.Web.Tests.Support;

namespace Lethe.Web.Tests.Api;

/// <summary>
/// The OpenAPI document is read off the handlers' typed results, not kept by hand; these tests make every endpoint
/// answer and check that the document lists each status it gave: a typed result that forgot a failure fails here.
/// </summary>
public sealed class OpenApiResponsesTests : ServerPerTest
{
    [Fact]
    public async Task Every_status_an_endpoint_answers_a_platform_admin_is_in_the_document()
    {
        await ShopTenant.CreateAsync(Server, "shop");
        await Server.AddPersonAsync("root@lethe.test", Role.PlatformAdmin);
        using var admin = await Server.SignInAsync("root@lethe.test");
        var document = await DocumentAsync();
        var seen = new List<(DiscoveredEndpoint Endpoint, int Status)>();

        foreach (var endpoint in EndpointCatalog.Discover(Server.App).Where(e => e.Route.StartsWith("/api/", StringComparison.Ordinal)))
        {
            // An existing tenant with made-up ids and an empty body, then a tenant that does not exist.
            foreach (var tenant in endpoint.Route.Contains("{tenant}", StringComparison.Ordinal) ? new[] { "shop", "no-such-tenant" } : ["shop"])
            {
                using var response = await admin.SendAsync(Request(endpoint, tenant));
                seen.Add((endpoint, (int)response.StatusCode));
            }
        }

        seen.ShouldNotContain(s => s.Status >= 500);
        var undocumented = seen.Where(s => !Documented(document, s.Endpoint).Contains(s.Status)).Select(s => $"{s.Endpoint} answered {s.Status}").ToList();
        undocumented.ShouldBeEmpty();
        // The sweep met the failures every typed result is about, not only successes.
        seen.Select(s => s.Status).Distinct().ShouldBe([200, 201, 202, 204, 400, 404, 415], ignoreOrder: true);
    }

    [Fact]
    public async Task A_request_created_approved_twice_and_looked_up_gives_statuses_its_operations_document()
    {
        var shop = await ShopTenant.CreateAsync(Server, "shop");
        var key = await Server.Database.IssueKeyAsync(shop.Tenant, "requests:write");
        using var api = Server.WithApiKey(key.Secret);
        var document = await DocumentAsync();
        var create = new DiscoveredEndpoint("POST", "/api/v1/tenants/{tenant}/requests");
        var approve = new DiscoveredEndpoint("POST", "/api/v1/tenants/{tenant}/requests/{id:guid}/approve");
        var get = new DiscoveredEndpoint("GET", "/api/v1/tenants/{tenant}/requests/{id:guid}");

        var created = await api.PostAsJsonAsync("/api/v1/tenants/shop/requests", new
        {
            type = "access", identities = new[] { new { type = "customer_number", value = await shop.CustomerNumberAsync() } }, channel = "controller",
            identityCheck = "signed in to the customer portal",
        });
        var invalid = await api.PostAsJsonAsync("/api/v1/tenants/shop/requests", new { type = "telepathy" });
        var location = created.Headers.Location!.OriginalString;
        var approved = await api.PostAsync(location + "/approve", null);
        var again = await api.PostAsync(location + "/approve", null);
        var missing = await api.GetAsync($"/api/v1/tenants/shop/requests/{Guid.NewGuid()}");

        foreach (var (endpoint, response, status) in new[]
                 {
                     (create, created, HttpStatusCode.Created), (create, invalid, HttpStatusCode.BadRequest),
                     (approve, approved, HttpStatusCode.OK), (approve, again, HttpStatusCode.Conflict), (get, missing, HttpStatusCode.NotFound),
                 })
        {
            response.StatusCode.ShouldBe(status, $"{endpoint}: {await response.Content.ReadAsStringAsync()}");
            Documented(document, endpoint).ShouldContain((int)status, endpoint.ToString());
        }

        // And nothing more than it can answer: listing requests is documented with its own statuses only.
        Documented(document, new DiscoveredEndpoint("GET", "/api/v1/tenants/{tenant}/requests")).ShouldBe([200, 400, 404], ignoreOrder: true);
    }

    private async Task<JsonElement> DocumentAsync()
    {
        using var anonymous = Server.Anonymous();
        return JsonDocument.Parse(await anonymous.GetStringAsync("/openapi/v1.json")).RootElement;
    }

    private static IReadOnlyList<int> Documented(JsonElement document, DiscoveredEndpoint endpoint) =>
        document.GetProperty("paths").GetProperty(EndpointCatalog.OpenApiPath(endpoint.Route)).GetProperty(endpoint.Method.ToLowerInvariant())
            .GetProperty("responses").EnumerateObject().Select(r => int.Parse(r.Name, System.Globalization.CultureInfo.InvariantCulture)).ToList();

    private static HttpRequestMessage Request(DiscoveredEndpoint endpoint, string tenant)
    {
        var path = endpoint.Route
            .Replace("{tenant}", tenant, StringComparison.Ordinal)
            .Replace("{userId}", "no-such-user", StringComparison.Ordinal)
            .Replace("{role}", nameof(Role.Agent), StringComparison.Ordinal)
            .Replace("{record}", "controller", StringComparison.Ordinal)
            .Replace("{keyId:guid}", Guid.NewGuid().ToString(), StringComparison.Ordinal)
            .Replace("{id:guid}", Guid.NewGuid().ToString(), StringComparison.Ordinal)
            .Replace("{step:guid}", Guid.NewGuid().ToString(), StringComparison.Ordinal)
            .Replace("{finding:guid}", Guid.NewGuid().ToString(), StringComparison.Ordinal)
            .Replace("{token}", "no-such-token", StringComparison.Ordinal)
            .Replace("{name}", "no-such-secret", StringComparison.Ordinal);
        var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), path);
        if (endpoint.Method is "POST" or "PUT")
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }

        return request;
    }
}
