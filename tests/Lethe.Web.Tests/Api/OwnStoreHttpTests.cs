using System.Net;
using System.Text;
using System.Text.Json;
using Lethe.Storage;
using Lethe.Tests.Support;
using Lethe.Web.Tests.Support;

namespace Lethe.Web.Tests.Api;

/// <summary>
/// On both stores, over the API: a data map naming Lethe's own setting is refused at import, and one that reaches Lethe's
/// own database by another name (through a variable the operator did allow) is refused when the connection opens.
/// </summary>
public sealed class OwnStoreHttpTests
{
    private static StringContent Yaml(string text) => new(text, Encoding.UTF8, "application/yaml");

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task Lethes_own_database_is_refused_by_name_at_import_and_by_identity_when_it_opens(DatabaseProvider provider)
    {
        await using var server = await LetheServer.StartAsync(provider);
        var tenant = await server.Database.CreateTenantAsync("mallory");
        await server.AddPersonAsync("officer@mallory.test", Lethe.Tenancy.Role.PrivacyOfficer, tenant);
        using var client = await server.SignInAsync("officer@mallory.test");
        var manifest = $"/api/v1/tenants/{tenant.Slug}/manifest";

        var named = await client.PutAsync(manifest, Yaml(Lethe.Tests.Connectors.OwnStoreTests.Hostile("env:LETHE_CONNECTION", "sqlite")));
        var error = (await named.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors")[0];
        error.GetProperty("field").GetString().ShouldBe("systems[0].datastores[0].connection");

        var variable = "LETHE_TEST_OWN_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, Lethe.Tests.Connectors.OwnStoreTests.AnotherName(server.Database.Settings));
        var imported = await client.PutAsync(manifest, Yaml(Lethe.Tests.Connectors.OwnStoreTests.Hostile($"env:{variable}", provider == DatabaseProvider.Sqlite ? "sqlite" : "postgres")));
        imported.StatusCode.ShouldBe(HttpStatusCode.OK, await imported.Content.ReadAsStringAsync());

        var plan = await client.GetAsync($"/api/v1/tenants/{tenant.Slug}/retention/plan");

        plan.StatusCode.ShouldBe(HttpStatusCode.OK, await plan.Content.ReadAsStringAsync());
        var rule = JsonDocument.Parse(await plan.Content.ReadAsStringAsync()).RootElement.GetProperty("rules")[0];
        rule.GetProperty("problem").GetString()!.ShouldContain("Lethe refuses this connection: it is Lethe's own database");
        rule.GetProperty("dueNow").GetInt64().ShouldBe(0);
    }
}
