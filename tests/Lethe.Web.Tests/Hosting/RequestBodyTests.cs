using System.Net;
using System.Text;
using Lethe.Web.Tests.Support;

namespace Lethe.Web.Tests.Hosting;

/// <summary>Bodies no page can read: too large, or not a form the framework can parse. A 4xx with words, never a 500 or a misleading 400.</summary>
public sealed class RequestBodyTests(BasicServer fixture) : IClassFixture<BasicServer>
{
    [Fact]
    public async Task A_console_form_over_the_limit_is_a_413_page_not_a_failed_token()
    {
        // The anti-forgery check read the form first and took Kestrel's 413 for a bad token: 400, "not valid".
        var token = LetheServer.AntiforgeryToken(await fixture.Admin.GetStringAsync("/t/tenant-a/data-map/import"));

        var request = new HttpRequestMessage(HttpMethod.Post, "/t/tenant-a/data-map/import")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["Yaml"] = new string('x', 1_200_000) }),
        };
        // As in BadInputTests: without it the early 413 can close the connection under a client still sending.
        request.Headers.ExpectContinue = true;

        var response = await fixture.Admin.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        (await response.Content.ReadAsStringAsync()).ShouldContain(Lethe.Localization.Texts.Get("page.error.413", "en"));
    }

    public static TheoryData<string, string> Unreadable() => new()
    {
        { "2,000 values", string.Concat(Enumerable.Repeat("Email=x&", 2000)) },
        { "a name of 3,000 characters", new string('k', 3000) + "=1" },
    };

    [Theory]
    [MemberData(nameof(Unreadable))]
    public async Task A_public_form_the_framework_cannot_read_is_a_400(string kind, string form)
    {
        // Model binding gave up and bound nothing, and the handler ran on with its arguments null: a 500.
        using var client = fixture.Server.Anonymous();

        var response = await client.PostAsync("/p/tenant-a/newsletter/confirm/some-token", new StringContent(form, Encoding.ASCII, "application/x-www-form-urlencoded"));

        ((int)response.StatusCode).ShouldBe(400, kind);
        (await response.Content.ReadAsStringAsync()).ShouldContain("The request is not valid.");
    }
}
