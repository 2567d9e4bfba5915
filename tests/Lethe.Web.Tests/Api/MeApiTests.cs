using System.Net;
using System.Text.Json;
using Lethe.Tenancy;
using Lethe.Tests.Support;
using Lethe.Web.Tests.Support;

namespace Lethe.Web.Tests.Api;

/// <summary><c>GET /api/v1/me</c>: a person learns their roles, an integrator which tenant and scopes their key has.</summary>
public sealed class MeApiTests(BasicServer fixture) : IClassFixture<BasicServer>
{
    [Fact]
    public async Task A_key_is_told_its_name_tenant_and_scopes_and_a_person_their_roles()
    {
        var key = await fixture.Server.Database.IssueKeyAsync(fixture.Tenant, "requests:write", "consent:read");
        using var withKey = fixture.Server.WithApiKey(key.Secret);

        var response = await withKey.GetAsync("/api/v1/me");

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var me = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var apiKey = me.GetProperty("apiKey");
        apiKey.GetProperty("tenantId").GetGuid().ShouldBe(fixture.Tenant.Id);
        apiKey.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()).ShouldBe(["requests:write", "consent:read"], ignoreOrder: true);
        me.GetProperty("roles").GetArrayLength().ShouldBe(0);
        me.GetProperty("userId").ValueKind.ShouldBe(JsonValueKind.Null);

        var person = JsonDocument.Parse(await fixture.Admin.GetStringAsync("/api/v1/me")).RootElement;
        person.GetProperty("email").GetString().ShouldBe("root@lethe.test");
        person.GetProperty("roles")[0].GetProperty("role").GetString().ShouldBe(nameof(Role.PlatformAdmin));
        person.GetProperty("apiKey").ValueKind.ShouldBe(JsonValueKind.Null);
    }
}
