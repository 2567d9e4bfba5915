using System.Net;
using System.Net.Http.Json;
using System.Text;
using Lethe.Tests.DataMap;
using Lethe.Tests.Support;
using Lethe.Web.Tests.Support;

namespace Lethe.Web.Tests.Api;

public sealed class PrivacyNoticeTests
{
    [Fact]
    public async Task The_first_run_demo_tenant_has_a_public_notice_in_danish_and_english()
    {
        await using var server = await LetheServer.StartAsync();
        using var anonymous = server.Anonymous();

        var english = await anonymous.GetAsync("/p/flex4business/privacy");
        english.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await english.Content.ReadAsStringAsync();
        html.ShouldContain("<h1>Privacy notice – Flex4Business ApS</h1>");
        html.ShouldContain("Nets Denmark A/S");

        anonymous.DefaultRequestHeaders.AcceptLanguage.ParseAdd("da");
        (await anonymous.GetStringAsync("/p/flex4business/privacy")).ShouldContain("<h1>Privatlivspolitik – Flex4Business ApS</h1>");
        (await anonymous.GetStringAsync("/p/flex4business/privacy?lang=en")).ShouldContain("Privacy notice");
        var markdown = await anonymous.GetAsync("/p/flex4business/privacy/v/1?lang=da&format=md");
        markdown.Content.Headers.ContentType!.MediaType.ShouldBe("text/markdown");
        (await markdown.Content.ReadAsStringAsync()).ShouldStartWith("# Privatlivspolitik – Flex4Business ApS\n");
        (await anonymous.GetAsync("/p/flex4business/privacy/v/2")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await anonymous.GetAsync("/p/no-such-tenant/privacy")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Publishing_makes_a_new_latest_version_while_old_ones_stay_readable()
    {
        await using var server = await LetheServer.StartAsync();
        await server.Database.CreateTenantAsync("small");
        await server.AddPersonAsync("po@lethe.test", Lethe.Tenancy.Role.PlatformAdmin);
        using var admin = await server.SignInAsync("po@lethe.test");
        var yaml = await File.ReadAllTextAsync(Path.Combine(ManifestFiles.RepositoryRoot(), "samples", "small-business", "manifest.yaml"));

        await admin.PutAsync("/api/v1/tenants/small/manifest", new StringContent(yaml, Encoding.UTF8, "application/yaml"));
        (await admin.PostAsync("/api/v1/tenants/small/notices", null)).StatusCode.ShouldBe(HttpStatusCode.Created);
        await admin.PutAsync("/api/v1/tenants/small/manifest",
            new StringContent(yaml.Replace("maximum: P5Y6M", "maximum: P6Y", StringComparison.Ordinal), Encoding.UTF8, "application/yaml"));
        var check = await admin.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/tenants/small/notices/check");
        check.GetProperty("inStep").GetBoolean().ShouldBeFalse();
        var second = await admin.PostAsync("/api/v1/tenants/small/notices", null);
        second.Headers.Location!.OriginalString.ShouldBe("/p/small/privacy/v/2");

        using var anonymous = server.Anonymous();
        (await anonymous.GetStringAsync("/p/small/privacy?lang=da")).ShouldContain("slettes senest efter 6 år");
        (await anonymous.GetStringAsync("/p/small/privacy/v/1?lang=da")).ShouldContain("slettes senest efter 5 år og 6 måneder");
        (await admin.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/tenants/small/notices")).GetArrayLength().ShouldBe(2);

        // A retention period is no change to what people consent to; asked explicitly, a version asks again anyway.
        (await (await admin.PostAsync("/api/v1/tenants/small/notices?askConsentAgain=true", null)).Content.ReadFromJsonAsync<System.Text.Json.JsonElement>())
            .GetProperty("asksConsentAgain").GetBoolean().ShouldBeTrue();
        var versions = (await admin.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/tenants/small/notices")).EnumerateArray()
            .ToDictionary(v => v.GetProperty("number").GetInt32(), v => v.GetProperty("asksConsentAgain").GetBoolean());
        versions.ShouldBe(new Dictionary<int, bool> { [1] = true, [2] = false, [3] = true }, ignoreOrder: true);
        (await admin.PostAsync("/api/v1/tenants/small/notices?askConsentAgain=perhaps", null)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Markup_in_the_data_map_is_shown_as_text_on_the_public_page()
    {
        await using var server = await LetheServer.StartAsync();
        await server.Database.CreateTenantAsync("evil");
        await server.AddPersonAsync("po@lethe.test", Lethe.Tenancy.Role.PlatformAdmin);
        using var admin = await server.SignInAsync("po@lethe.test");
        var yaml = ManifestFiles.Minimal.Replace("en: Selling to customers", "en: \"<script>alert(1)</script><img src=x onerror=alert(2)>\"", StringComparison.Ordinal);
        (await admin.PutAsync("/api/v1/tenants/evil/manifest", new StringContent(yaml, Encoding.UTF8, "application/yaml"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await admin.PostAsync("/api/v1/tenants/evil/notices", null)).StatusCode.ShouldBe(HttpStatusCode.Created);

        var html = await server.Anonymous().GetStringAsync("/p/evil/privacy");

        html.ShouldNotContain("<script>");
        html.ShouldNotContain("<img");
        html.ShouldContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    }
}
