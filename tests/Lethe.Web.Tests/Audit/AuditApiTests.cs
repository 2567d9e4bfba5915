using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lethe.Audit;
using Lethe.Tenancy;
using Lethe.Tests.Support;
using Lethe.Web.Tests.Support;

namespace Lethe.Web.Tests.Audit;

public sealed class AuditApiTests : ServerPerTest
{
    private static List<JsonElement> Entries(string json) =>
        JsonDocument.Parse(json).RootElement.GetProperty("entries").EnumerateArray().ToList();

    [Fact]
    public async Task An_auditor_reads_their_tenants_log_filtered_and_paged_and_nothing_of_other_tenants()
    {
        var a = await Server.Database.CreateTenantAsync("tenant-a");
        var b = await Server.Database.CreateTenantAsync("tenant-b");
        await Server.AddPersonAsync("auditor@lethe.test", Role.Auditor, a);
        for (var i = 0; i < 7; i++)
        {
            await Server.Database.IssueKeyAsync(a, "tenant:read");
        }

        await Server.Database.IssueKeyAsync(b, "tenant:read");
        using var auditor = await Server.SignInAsync("auditor@lethe.test");

        var all = Entries(await auditor.GetStringAsync("/api/v1/tenants/tenant-a/audit?limit=500"));
        all.ShouldAllBe(e => e.GetProperty("tenantId").GetString() == a.Id.ToString());
        all.Select(e => e.GetProperty("sequence").GetInt64()).ShouldBeInOrder(SortDirection.Descending);

        var keys = Entries(await auditor.GetStringAsync($"/api/v1/tenants/tenant-a/audit?action={AuditActions.ApiKeyCreated}"));
        keys.Count.ShouldBe(7);

        var page1 = JsonDocument.Parse(await auditor.GetStringAsync($"/api/v1/tenants/tenant-a/audit?action=api-key.&limit=5")).RootElement;
        page1.GetProperty("entries").GetArrayLength().ShouldBe(5);
        var before = page1.GetProperty("nextBefore").GetInt64();
        var page2 = JsonDocument.Parse(await auditor.GetStringAsync($"/api/v1/tenants/tenant-a/audit?action=api-key.&limit=5&before={before}")).RootElement;
        page2.GetProperty("entries").GetArrayLength().ShouldBe(2);
        page2.GetProperty("nextBefore").ValueKind.ShouldBe(JsonValueKind.Null);

        (await auditor.GetAsync("/api/v1/tenants/tenant-b/audit")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await auditor.GetAsync("/api/v1/audit")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Tenant_changes_through_the_api_are_audited()
    {
        await Server.AddPersonAsync("root@lethe.test", Role.PlatformAdmin);
        using var admin = await Server.SignInAsync("root@lethe.test");

        var created = await admin.PostAsJsonAsync("/api/v1/tenants", Builders.DanishTenant("flexfone"));
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        created.Headers.Location!.OriginalString.ShouldBe("/api/v1/tenants/flexfone");
        var edit = Builders.DanishTenant() with { Slug = null, Name = "Flexfone A/S (ny)" };
        (await admin.PutAsJsonAsync("/api/v1/tenants/flexfone", edit)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var log = Entries(await admin.GetStringAsync("/api/v1/audit?action=tenant.&actor=root@lethe.test"));
        log.Select(e => e.GetProperty("action").GetString()).ShouldBe([AuditActions.TenantUpdated, AuditActions.TenantCreated]);
        log.ShouldAllBe(e => e.GetProperty("actorName").GetString() == "root@lethe.test");
        log[0].GetProperty("details").GetString()!.ShouldContain("Name");
    }
}
