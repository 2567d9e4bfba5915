using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lethe.Audit;
using Lethe.Storage;
using Lethe.Tenancy;
using Lethe.Tests.Support;
using Lethe.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Web.Tests.Accounts;

public sealed class ApiKeyHttpTests : ServerPerTest
{
    [Fact]
    public async Task A_key_is_shown_once_works_within_its_scopes_records_its_use_and_stops_when_revoked()
    {
        var tenant = await Server.Database.CreateTenantAsync("tenant-a");
        await Server.AddPersonAsync("po@lethe.test", Role.PrivacyOfficer, tenant);
        using var po = await Server.SignInAsync("po@lethe.test");

        var created = await po.PostAsJsonAsync("/api/v1/tenants/tenant-a/api-keys", new { name = "CRM sync", scopes = new[] { "tenant:read" }, lifetimeDays = 30 });
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement;
        var secret = body.GetProperty("secret").GetString()!;
        var id = body.GetProperty("key").GetProperty("id").GetString()!;
        secret.ShouldStartWith("lethe_");

        var listing = await po.GetStringAsync("/api/v1/tenants/tenant-a/api-keys");
        JsonDocument.Parse(listing).RootElement.EnumerateArray().Select(k => k.GetProperty("id").GetString()).ShouldBe([id]);
        listing.ShouldNotContain(secret);
        listing.ShouldNotContain(secret[6..20]);

        using var machine = Server.WithApiKey(secret);
        (await machine.GetAsync("/api/v1/tenants/tenant-a")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var noScope = await (await machine.GetAsync("/api/v1/tenants/tenant-a/audit")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        noScope.GetProperty("detail").GetString()!.ShouldContain("lacks the scope this needs: audit:read");
        var noKeyMay = await (await machine.GetAsync("/api/v1/tenants/tenant-a/api-keys")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        noKeyMay.GetProperty("detail").GetString()!.ShouldContain("No API key may do this");
        (await machine.PutAsJsonAsync("/api/v1/tenants/tenant-a", new { })).StatusCode.ShouldBe(HttpStatusCode.Forbidden, "no tenant:write scope");
        var used = JsonDocument.Parse(await po.GetStringAsync("/api/v1/tenants/tenant-a/api-keys")).RootElement[0];
        used.GetProperty("lastUsedAt").ValueKind.ShouldBe(JsonValueKind.String);

        (await po.DeleteAsync($"/api/v1/tenants/tenant-a/api-keys/{id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await (await machine.GetAsync("/api/v1/tenants/tenant-a")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);

        await using var scope = Server.Database.Scope();
        var actions = await scope.ServiceProvider.GetRequiredService<LetheDbContext>().AuditEntries.IgnoreQueryFilters()
            .Select(e => new { e.Action, e.Details }).ToListAsync();
        actions.ShouldContain(e => e.Action == AuditActions.ApiKeyCreated);
        actions.ShouldContain(e => e.Action == AuditActions.ApiKeyRevoked);
        actions.ShouldContain(e => e.Action == AuditActions.ApiKeyRejected);
        var fragment = secret[6..20];
        actions.ShouldAllBe(e => !e.Details.Contains(fragment));
    }

    [Fact]
    public async Task A_key_cannot_reach_another_tenant_even_with_every_scope()
    {
        var a = await Server.Database.CreateTenantAsync("tenant-a");
        await Server.Database.CreateTenantAsync("tenant-b");
        var key = await Server.Database.IssueKeyAsync(a, [.. ApiKeyScopes.Names]);
        using var machine = Server.WithApiKey(key.Secret);

        (await machine.GetAsync("/api/v1/tenants/tenant-a")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await (await machine.GetAsync("/api/v1/tenants/tenant-b")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        var other = await (await machine.GetAsync("/api/v1/tenants/tenant-b/audit")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        var missing = await (await machine.GetAsync("/api/v1/tenants/no-such-tenant/audit")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        other.GetProperty("detail").GetString().ShouldBe("An API key acts only in its own tenant; use a key made in this tenant.");
        missing.GetProperty("detail").GetString().ShouldBe(other.GetProperty("detail").GetString(), "a key learns nothing about which tenants exist");
    }
}
