using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Lethe.Tests.DataMap;
using Lethe.Web.Tests.Support;

namespace Lethe.Web.Tests.Api;

/// <summary>The datastore boundary over HTTP: a data map naming Lethe's own store is refused by the API and the console; secrets go in and never come out.</summary>
public sealed class DatastoreBoundaryHttpTests(BasicServer fixture) : IClassFixture<BasicServer>
{
    private static StringContent Yaml(string text) => new(text, Encoding.UTF8, "application/yaml");

    [Theory]
    [InlineData("env:LETHE_CONNECTION", true)]
    [InlineData("config:Lethe:KeyFile", true)]
    [InlineData("env:Lethe__KeyFile", false)]
    [InlineData("data:../lethe.db", false)]
    public async Task A_manifest_naming_Lethes_own_store_is_refused_with_the_field_and_line(string reference, bool dryRun)
    {
        var hostile = ManifestFiles.Minimal.Replace("connection: env:CRM_DB", $"connection: {reference}", StringComparison.Ordinal);

        var response = await fixture.Admin.PutAsync($"/api/v1/tenants/{fixture.Tenant.Slug}/manifest?dryRun={dryRun}", Yaml(hostile));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var error = problem.GetProperty("errors")[0];
        error.GetProperty("field").GetString().ShouldBe("systems[0].datastores[0].connection");
        error.GetProperty("line").GetInt32().ShouldBe(18);
    }

    [Fact]
    public async Task The_console_refuses_the_same_manifest_and_keeps_the_data_map()
    {
        var form = await fixture.Admin.GetStringAsync($"/t/{fixture.Tenant.Slug}/data-map/import");
        var hostile = ManifestFiles.Minimal.Replace("connection: env:CRM_DB", "connection: env:LETHE_CONNECTION", StringComparison.Ordinal);

        var response = await fixture.Admin.PostAsync($"/t/{fixture.Tenant.Slug}/data-map/import", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = LetheServer.AntiforgeryToken(form), ["Yaml"] = hostile,
        }));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var page = await response.Content.ReadAsStringAsync();
        page.ShouldContain("systems[0].datastores[0].connection</code>: is refused: env:LETHE_CONNECTION is one of Lethe&#x27;s own settings");
    }

    [Fact]
    public async Task A_secret_is_set_listed_by_name_and_removed_and_its_value_never_comes_back()
    {
        const string value = "Host=crm.internal;Database=crm;Username=lethe;Password=s3cret-Value";
        var url = $"/api/v1/tenants/{fixture.Tenant.Slug}/datastore-secrets";

        var set = await fixture.Admin.PutAsJsonAsync($"{url}/crm", new { value });
        set.StatusCode.ShouldBe(HttpStatusCode.OK, await set.Content.ReadAsStringAsync());
        var setAnswer = await set.Content.ReadAsStringAsync();
        JsonDocument.Parse(setAnswer).RootElement.GetProperty("name").GetString().ShouldBe("crm");
        setAnswer.ShouldNotContain("s3cret");
        var list = await fixture.Admin.GetStringAsync(url);
        JsonDocument.Parse(list).RootElement.EnumerateArray().Select(e => e.GetProperty("name").GetString()).ShouldContain("crm");
        list.ShouldNotContain("s3cret");
        var page = await fixture.Admin.GetStringAsync($"/t/{fixture.Tenant.Slug}/data-map/secrets");
        page.ShouldContain("secret:crm", customMessage: "the page lists the secret by name");
        page.ShouldNotContain("s3cret");
        var audit = await fixture.Admin.GetStringAsync($"/api/v1/tenants/{fixture.Tenant.Slug}/audit");
        audit.ShouldContain("datastore-secret.set");
        audit.ShouldNotContain("s3cret");

        var bad = await fixture.Admin.PutAsJsonAsync($"{url}/1bad", new { value });
        (await bad.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("name")[0].GetString()!.ShouldContain("letters");

        (await fixture.Admin.DeleteAsync($"{url}/crm")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await (await fixture.Admin.DeleteAsync($"{url}/crm")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_console_sets_a_secret_without_ever_showing_it()
    {
        var page = $"/t/{fixture.Tenant.Slug}/data-map/secrets";
        var form = await fixture.Admin.GetStringAsync(page);
        form.ShouldContain("type=\"password\"");

        var response = await fixture.Admin.PostAsync(page, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = LetheServer.AntiforgeryToken(form), ["Name"] = "billing", ["Value"] = "Data Source=billing-Secret.db",
        }));

        ((int)response.StatusCode).ShouldBeLessThan(400);
        var after = await fixture.Admin.GetStringAsync(page);
        after.ShouldContain("secret:billing");
        after.ShouldNotContain("billing-Secret");
    }
}
