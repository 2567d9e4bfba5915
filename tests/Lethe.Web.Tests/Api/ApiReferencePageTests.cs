using System.Net;
using Lethe.Web.Tests.Support;

namespace Lethe.Web.Tests.Api;

/// <summary>The API reference next to <c>/openapi/v1.json</c>: rendered in Chromium from the server alone, under its own policy.</summary>
public sealed class ApiReferencePageTests : BrowserTest
{
    [Fact]
    public async Task The_api_reference_shows_the_endpoints_without_reaching_another_host_or_loosening_the_console()
    {
        var page = await NewPageAsync();
        var problems = new List<string>();
        var elsewhere = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                problems.Add(message.Text);
            }
        };
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(Server.BaseAddress.ToString().TrimEnd('/'), StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal))
            {
                elsewhere.Add(request.Url);
            }
        };

        var response = await page.GotoAsync("/openapi/reference");
        response.ShouldNotBeNull().Status.ShouldBe((int)HttpStatusCode.OK);
        var policy = (await response.AllHeadersAsync())["content-security-policy"];
        policy.ShouldContain("script-src 'self' 'nonce-");
        policy.ShouldNotContain("unsafe-eval");
        // The page lists the API's operations by area, read from the OpenAPI document, and asks for the API key.
        await page.GetByText("Calendar, reviews and risks").First.WaitForAsync(new() { Timeout = 30_000 });
        await page.GetByText("Create a tenant (platform admin, or reseller admin under their reseller).").First.WaitForAsync(new() { Timeout = 30_000 });
        (await page.TitleAsync()).ShouldContain("Lethe API reference");
        (await page.GetByText("Ask AI").CountAsync()).ShouldBe(0);
        (await page.GetByText("Developer Tools").CountAsync()).ShouldBe(0);
        await page.ScreenshotAsync(new() { Path = Browser.ArtifactPath("api-reference-1280.png") });
        await page.SetViewportSizeAsync(390, 844);
        await page.ScreenshotAsync(new() { Path = Browser.ArtifactPath("api-reference-390.png") });

        problems.Where(p => p.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)).ShouldBeEmpty();
        elsewhere.ShouldBeEmpty();

        // The console keeps its own policy: no nonce, no inline style.
        using var http = new HttpClient { BaseAddress = Server.BaseAddress };
        var signin = await http.GetAsync(new Uri("/signin", UriKind.Relative));
        var console = string.Join(" ", signin.Headers.GetValues("Content-Security-Policy"));
        console.ShouldContain("script-src 'self';");
        console.ShouldNotContain("unsafe-inline");
    }
}
