using System.Net;
using Lethe.Web.Tests.Support;

namespace Lethe.Web.Tests.Hosting;

/// <summary>
/// Requests that no handler method of a page answers. Razor Pages would render such a page without running any
/// handler, its model never loaded, and the view fail on it with a 500.
/// </summary>
public sealed class MissingHandlerTests(BasicServer fixture) : IClassFixture<BasicServer>
{
    [Theory]
    // The status page has a POST handler, but only a named one (?handler=Withdraw).
    [InlineData("/p/tenant-a/status/x", HttpStatusCode.NotFound)]
    [InlineData("/p/no-such-tenant/status/x", HttpStatusCode.NotFound)]
    [InlineData("/p/tenant-a/status/x?handler=Nonsense", HttpStatusCode.NotFound)]
    [InlineData("/p/tenant-a/sent", HttpStatusCode.MethodNotAllowed)]
    [InlineData("/p/no-such-tenant/sent", HttpStatusCode.MethodNotAllowed)]
    public async Task A_public_page_posted_to_without_a_handler_is_a_4xx(string path, HttpStatusCode status)
    {
        using var client = fixture.Server.Anonymous();

        var response = await client.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string> { ["x"] = "y" }));

        ((int)response.StatusCode).ShouldBe((int)status, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/p/tenant-a/status/x", "/p/tenant-a?culture=en")]
    [InlineData("/p/no-such-tenant/privacy", "/p/no-such-tenant?culture=en")]
    [InlineData("/p/no-such-tenant/status/x", "/p/no-such-tenant?culture=en")]
    [InlineData("/p/Not%20A%20Slug/status/x", "/")]
    public async Task A_404_on_a_company_s_public_pages_leads_back_to_its_privacy_centre(string path, string home)
    {
        using var client = fixture.Server.Anonymous();

        var response = await client.GetAsync(path);

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).ShouldContain($"<a href=\"{home}\">", Case.Sensitive);
    }

    [Fact]
    public async Task A_405_says_which_methods_the_page_answers()
    {
        using var client = fixture.Server.Anonymous();

        var response = await client.PostAsync("/p/tenant-a/sent", new FormUrlEncodedContent([]));

        response.StatusCode.ShouldBe(HttpStatusCode.MethodNotAllowed);
        response.Content.Headers.Allow.ShouldBe(["GET"]);
    }

    [Fact]
    public async Task A_console_page_with_only_a_get_handler_is_a_405_to_a_signed_in_post()
    {
        var token = LetheServer.AntiforgeryToken(await fixture.Admin.GetStringAsync("/t/tenant-a/data-map/import"));

        var response = await fixture.Admin.PostAsync("/t/tenant-a/users", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));

        ((int)response.StatusCode).ShouldBe((int)HttpStatusCode.MethodNotAllowed, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_tenant_pages_filter_is_no_handler_to_call()
    {
        // TenantPage's OnPageHandlerExecutionAsync reads to Razor Pages as the handler "HandlerExecution" of the method
        // PAGE; called as one, with nothing bound, it threw.
        var token = LetheServer.AntiforgeryToken(await fixture.Admin.GetStringAsync("/t/tenant-a/data-map/import"));

        var response = await fixture.Admin.SendAsync(new HttpRequestMessage(new HttpMethod("PAGE"), "/t/tenant-a?handler=HandlerExecution")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }),
        });

        ((int)response.StatusCode).ShouldBe((int)HttpStatusCode.MethodNotAllowed, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_get_for_an_unknown_handler_still_runs_the_page()
    {
        // Razor Pages falls back to the unnamed OnGet for any ?handler=, which loads the model: nothing to refuse.
        using var client = fixture.Server.Anonymous();

        (await client.GetAsync("/p/tenant-a/sent?handler=Nonsense")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
