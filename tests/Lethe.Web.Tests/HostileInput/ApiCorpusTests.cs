using Lethe.Web.Tests.Support;

namespace Lethe.Web.Tests.HostileInput;

/// <summary>
/// Every API operation (and health, OpenAPI, assets), found from the running app, fed the hostile corpus as a platform
/// admin, as an API key with every scope, and as nobody: never a 5xx, and the server answers <c>/health/live</c> after each.
/// </summary>
public sealed class ApiCorpusTests(HostileServer host) : IClassFixture<HostileServer>
{
    public static TheoryData<string> Callers() => ["admin", "key", "nobody"];

    [Theory]
    [MemberData(nameof(Callers))]
    public Task Hostile_route_values_never_get_a_5xx(string who) => RunAsync(who, HostileRequests.RouteValues);

    [Theory]
    [MemberData(nameof(Callers))]
    public Task Hostile_query_strings_never_get_a_5xx(string who) => RunAsync(who, HostileRequests.QueryStrings);

    [Theory]
    [MemberData(nameof(Callers))]
    public Task Hostile_bodies_never_get_a_5xx(string who) => RunAsync(who, HostileRequests.Bodies);

    [Fact]
    public Task Hostile_headers_never_get_a_5xx() => RunAsync("nobody", HostileRequests.Headers);

    [Fact]
    public Task A_body_over_the_limit_is_413_wherever_a_body_is_read() =>
        RunAsync("admin", HostileRequests.OversizedBodies, HostileRequests.RefusedAsTooLarge);

    private Task RunAsync(
        string who, Func<EndpointShape, HostileServer, Caller, IEnumerable<HostileRequest>> corpus, Func<EndpointShape, HostileRequest, RawResponse, string?>? expect = null) =>
        CorpusRun.RunAsync(host, who switch { "admin" => host.Admin, "key" => host.Key, _ => host.Nobody },
            s => !s.IsRazorPage && !s.Route.StartsWith("/p/", StringComparison.Ordinal), corpus, expect);
}
