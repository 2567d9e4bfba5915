using Lethe.Web.Tests.Support;

namespace Lethe.Web.Tests.HostileInput;

/// <summary>
/// Every console and public page with each of its handlers — the privacy centre, status, newsletter, preferences,
/// sign-in, language — and the public endpoints under <c>/p/</c> (the consent banner, the privacy notice), found from the
/// running app and fed the hostile corpus as a signed-in platform admin and as nobody: never a 5xx, and the server
/// answers <c>/health/live</c> after each.
/// </summary>
public sealed class PageCorpusTests(HostileServer host) : IClassFixture<HostileServer>
{
    public static TheoryData<string> Callers() => ["admin", "nobody"];

    [Theory]
    [MemberData(nameof(Callers))]
    public Task Hostile_route_values_never_get_a_5xx(string who) => RunAsync(who, HostileRequests.RouteValues);

    [Theory]
    [MemberData(nameof(Callers))]
    public Task Hostile_query_strings_never_get_a_5xx(string who) => RunAsync(who, HostileRequests.QueryStrings);

    [Theory]
    [MemberData(nameof(Callers))]
    public Task Hostile_forms_and_bodies_never_get_a_5xx(string who) => RunAsync(who, HostileRequests.Bodies);

    [Theory]
    [MemberData(nameof(Callers))]
    public Task Hostile_headers_never_get_a_5xx(string who) => RunAsync(who, HostileRequests.Headers);

    [Fact]
    public Task A_form_over_the_limit_is_413() => RunAsync("admin", HostileRequests.OversizedBodies, HostileRequests.RefusedAsTooLarge);

    private Task RunAsync(
        string who, Func<EndpointShape, HostileServer, Caller, IEnumerable<HostileRequest>> corpus, Func<EndpointShape, HostileRequest, RawResponse, string?>? expect = null) =>
        CorpusRun.RunAsync(host, who == "admin" ? host.Admin : host.Nobody, s => s.IsRazorPage || s.Route.StartsWith("/p/", StringComparison.Ordinal), corpus, expect);
}
