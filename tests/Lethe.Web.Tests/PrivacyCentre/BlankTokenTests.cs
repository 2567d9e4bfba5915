using System.Net;
using Lethe.Web.Tests.Support;

namespace Lethe.Web.Tests.PrivacyCentre;

/// <summary>
/// Links of the privacy centre whose token is blank. Model binding makes a blank route value null, the handlers'
/// non-nullable parameter notwithstanding, and they threw on it: a 500 instead of the 404 any other bad link gets.
/// </summary>
public sealed class BlankTokenTests(BasicServer fixture) : IClassFixture<BasicServer>
{
    [Theory]
    [InlineData("GET", "/p/tenant-a/status/%20")]
    [InlineData("GET", "/p/tenant-a/status/%09?handler=Answer")]
    [InlineData("POST", "/p/tenant-a/status/%20?handler=Withdraw")]
    [InlineData("GET", "/p/tenant-a/newsletter/confirm/%20")]
    [InlineData("POST", "/p/tenant-a/newsletter/confirm/%09")]
    [InlineData("GET", "/p/tenant-a/unsubscribe/%20")]
    [InlineData("POST", "/p/tenant-a/unsubscribe/%20")]
    public async Task A_blank_token_finds_nothing(string method, string path)
    {
        using var client = fixture.Server.Anonymous();

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "POST" ? new FormUrlEncodedContent([]) : null });

        ((int)response.StatusCode).ShouldBe((int)HttpStatusCode.NotFound, await response.Content.ReadAsStringAsync());
    }
}
