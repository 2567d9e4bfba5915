using System.Net;
using System.Text;
using Lethe.Common;
using Lethe.Web.Tests.Support;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Lethe.Web.Tests.Api;

/// <summary>
/// Input nested far past <see cref="InputLimits.MaxDepth"/>, over the API and the console: a 400 that names the limit,
/// and a server that still answers. The server runs in this process, so a stack overflow would end the test run itself.
/// </summary>
public sealed class DeepInputTests(BasicServer fixture) : IClassFixture<BasicServer>
{
    private static string DeepYaml(string open, string close, int depth) =>
        "lethe: " + string.Concat(Enumerable.Repeat(open, depth)) + string.Concat(Enumerable.Repeat(close, depth));

    public static TheoryData<string, string> Payloads() => new()
    {
        // The payload from the report, byte for byte: python3 -c "print('lethe: '+'['*50000+']'*50000)".
        { "50,000 nested lists", DeepYaml("[", "]", 50_000) + "\n" },
        { "20,000 nested mappings", DeepYaml("{a: ", "}", 20_000) },
    };

    [Theory]
    [MemberData(nameof(Payloads))]
    public async Task A_manifest_nested_past_the_limit_is_a_400_naming_it_and_the_server_lives_on(string kind, string yaml)
    {
        var response = await fixture.Admin.PutAsync("/api/v1/tenants/tenant-a/manifest?dryRun=true", new StringContent(yaml, Encoding.UTF8, "application/yaml"));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        (problem.GetProperty("detail").GetString() ?? "").ShouldContain($"more than {InputLimits.MaxDepth} levels deep", customMessage: kind);
        var error = problem.GetProperty("errors").EnumerateArray().ShouldHaveSingleItem();
        error.GetProperty("text").GetString().ShouldStartWith("tenant-a.yaml:1:");
        (await fixture.Server.Anonymous().GetAsync("/health/live")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_deep_manifest_pasted_in_the_console_is_a_400_page_naming_the_limit()
    {
        var form = await fixture.Admin.GetStringAsync("/t/tenant-a/data-map/import");

        var response = await fixture.Admin.PostAsync("/t/tenant-a/data-map/import", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = LetheServer.AntiforgeryToken(form),
            ["Yaml"] = DeepYaml("[", "]", 50_000),
        }));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()).ShouldContain($"tenant-a.yaml:1:71: (file)</code>: nests lists and mappings more than {InputLimits.MaxDepth} levels deep");
    }

    [Fact]
    public void Json_bodies_are_read_with_the_limit_stated_not_left_to_a_default()
    {
        var options = fixture.Server.App.Services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;

        options.MaxDepth.ShouldBe(InputLimits.MaxDepth);
    }

    [Theory]
    [InlineData("/api/v1/tenants/tenant-a/requests", "application/json", 100_000)]
    // The banner reads at most 8 KiB of an event; nested as deep as fits in that.
    [InlineData("/p/tenant-a/consent", "text/plain", 4_000)]
    public async Task Json_nested_far_past_the_limit_is_a_400(string path, string mediaType, int depth)
    {
        var deep = "{\"identities\": " + new string('[', depth) + new string(']', depth) + "}";

        var response = await fixture.Admin.PostAsync(path, new StringContent(deep, Encoding.UTF8, mediaType));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync());
        (await fixture.Server.Anonymous().GetAsync("/health/live")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
