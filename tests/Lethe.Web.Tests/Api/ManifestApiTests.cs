using System.Net;
using System.Text;
using System.Text.Json;
using Lethe.Tests.DataMap;
using Lethe.Tests.Support;
using Lethe.Web.Tests.Support;

namespace Lethe.Web.Tests.Api;

public sealed class ManifestApiTests(BasicServer fixture) : IClassFixture<BasicServer>
{
    private static StringContent Yaml(string text, string mediaType = "application/yaml") => new(text, Encoding.UTF8, mediaType);

    [Fact]
    public async Task A_manifest_put_as_yaml_comes_back_as_the_same_yaml_with_its_revision()
    {
        var client = fixture.Admin;
        var put = await client.PutAsync("/api/v1/tenants/tenant-a/manifest", Yaml(ManifestFiles.Minimal));
        put.StatusCode.ShouldBe(HttpStatusCode.OK, await put.Content.ReadAsStringAsync());
        var revision = JsonDocument.Parse(await put.Content.ReadAsStringAsync()).RootElement.GetProperty("revision").GetInt32();

        var get = await client.GetAsync("/api/v1/tenants/tenant-a/manifest");

        get.StatusCode.ShouldBe(HttpStatusCode.OK);
        get.Content.Headers.ContentType!.MediaType.ShouldBe("application/yaml");
        get.Headers.GetValues("X-Lethe-Revision").Single().ShouldBe(revision.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var body = await get.Content.ReadAsStringAsync();
        body.ShouldStartWith("lethe: 2\n");
        var again = await client.PutAsync("/api/v1/tenants/tenant-a/manifest", Yaml(body));
        JsonDocument.Parse(await again.Content.ReadAsStringAsync()).RootElement.GetProperty("revision").GetInt32().ShouldBe(revision);
    }

    [Fact]
    public async Task A_broken_manifest_is_a_problem_listing_each_error_with_line_and_column()
    {
        var broken = ManifestFiles.Minimal.Replace("systems: [crm]", "systems: [crm, erp]", StringComparison.Ordinal);

        var response = await fixture.Admin.PutAsync("/api/v1/tenants/tenant-a/manifest?dryRun=true", Yaml(broken));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var error = problem.GetProperty("errors")[0];
        error.GetProperty("line").GetInt32().ShouldBe(35);
        error.GetProperty("column").GetInt32().ShouldBe(14);
        error.GetProperty("field").GetString().ShouldBe("activities[0].systems");
        error.GetProperty("message").GetString()!.ShouldContain("'erp' is not a known system");
    }

    [Fact]
    public async Task A_dry_run_validates_without_storing()
    {
        await using var server = await LetheServer.StartAsync();
        await server.Database.CreateTenantAsync("tenant-b");
        await server.AddPersonAsync("root@lethe.test", Lethe.Tenancy.Role.PlatformAdmin);
        using var client = await server.SignInAsync("root@lethe.test");

        var dry = await client.PutAsync("/api/v1/tenants/tenant-b/manifest?dryRun=true", Yaml(ManifestFiles.Minimal));

        dry.StatusCode.ShouldBe(HttpStatusCode.OK);
        await (await client.GetAsync("/api/v1/tenants/tenant-b/manifest")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task A_manifest_in_another_format_is_refused_with_415(string mediaType)
    {
        var response = await fixture.Admin.PutAsync("/api/v1/tenants/tenant-a/manifest", Yaml("{}", mediaType));
        await response.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task An_oversized_manifest_is_refused_with_413()
    {
        // The server refuses by the declared length before reading the body; a client that asks first (Expect: 100-continue,
        // as large uploads should) hears the answer instead of having its connection closed mid-send.
        using var request = new HttpRequestMessage(HttpMethod.Put, "/api/v1/tenants/tenant-a/manifest") { Content = Yaml("# " + new string('x', 1_200_000)) };
        request.Headers.ExpectContinue = true;
        var response = await fixture.Admin.SendAsync(request);
        await response.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Garbage_is_a_problem_not_an_error()
    {
        foreach (var garbage in new[] { "", "- just\n- a list\n", "{{{{", "\t\u0000\u0001", "lethe: [1, 2", "a: &x [*x]" })
        {
            var response = await fixture.Admin.PutAsync("/api/v1/tenants/tenant-a/manifest?dryRun=true", Yaml(garbage));
            (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").GetArrayLength().ShouldBeGreaterThan(0, garbage);
        }
    }
}
