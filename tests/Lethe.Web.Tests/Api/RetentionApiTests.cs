using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lethe.Retention;
using Lethe.Tests.Support;
using Lethe.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Web.Tests.Api;

public sealed class RetentionApiTests : ServerPerTest
{
    [Fact]
    public async Task A_system_reads_the_plan_places_a_hold_starts_a_run_and_reads_its_report()
    {
        var shop = await ShopTenant.CreateAsync(Server, "shop");
        var old = await shop.Erp.AgeEveryOtherInvoiceAsync();
        var key = await Server.Database.IssueKeyAsync(shop.Tenant, "retention:write");
        using var api = Server.WithApiKey(key.Secret);

        var plan = JsonDocument.Parse(await api.GetStringAsync("/api/v1/tenants/shop/retention/plan")).RootElement;
        var bookkeeping = plan.GetProperty("rules").EnumerateArray().Single(r => r.GetProperty("rule").GetString() == "bookkeeping");
        bookkeeping.GetProperty("dueNow").GetInt64().ShouldBe(old);
        bookkeeping.GetProperty("action").GetString().ShouldBe("delete");

        var held = await api.PostAsJsonAsync("/api/v1/tenants/shop/retention/holds", new
        {
            scope = "person", reason = "Complaint under review", identities = new[] { new { type = "customer_number", value = await shop.CustomerNumberAsync() } },
        });
        held.StatusCode.ShouldBe(HttpStatusCode.Created);
        var hold = JsonDocument.Parse(await held.Content.ReadAsStringAsync()).RootElement;
        hold.GetProperty("scope").GetString().ShouldBe("person");
        // The person's identities are never given back.
        hold.ToString().ShouldNotContain("customer_number");

        var started = await api.PostAsync("/api/v1/tenants/shop/retention/runs", null);
        started.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await Server.App.Services.GetRequiredService<RetentionWorker>().RunDueAsync(default);
        var runs = JsonDocument.Parse(await api.GetStringAsync("/api/v1/tenants/shop/retention/runs")).RootElement;
        var report = runs[0];
        report.GetProperty("finishedAt").ValueKind.ShouldNotBe(JsonValueKind.Null);
        var rule = report.GetProperty("rules").EnumerateArray().Single(r => r.GetProperty("rule").GetString() == "bookkeeping");
        (rule.GetProperty("deleted").GetInt64() + rule.GetProperty("held").GetInt64()).ShouldBe(old);

        var release = await api.PostAsync($"/api/v1/tenants/shop/retention/holds/{hold.GetProperty("id").GetGuid()}/release", null);
        release.StatusCode.ShouldBe(HttpStatusCode.OK);
        var again = await api.PostAsync($"/api/v1/tenants/shop/retention/holds/{hold.GetProperty("id").GetGuid()}/release", null);
        await again.ShouldBeProblemAsync(HttpStatusCode.Conflict);

        await using var scope = Server.Database.Scope();
        var audit = await scope.ServiceProvider.GetRequiredService<Lethe.Storage.LetheDbContext>().AuditEntries.IgnoreQueryFilters().ToListAsync();
        audit.ShouldContain(a => a.Action == "retention.hold-placed" && a.ActorKind == "api-key");
        audit.ShouldContain(a => a.Action == "retention.hold-released");
        audit.ShouldContain(a => a.Action == "retention.run-finished");
    }

    [Fact]
    public async Task Work_health_counts_a_tenant_whose_latest_retention_run_failed_until_a_run_succeeds()
    {
        var shop = await ShopTenant.CreateAsync(Server, "shop");
        using var anonymous = Server.Anonymous();
        var worker = Server.App.Services.GetRequiredService<RetentionWorker>();
        var health = Server.App.Services.GetRequiredService<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckService>();
        async Task<int> FailedRuns() =>
            (int)(await health.CheckHealthAsync(c => c.Name == "work")).Entries["work"].Data["retentionRunsWithErrors"];
        var key = await Server.Database.IssueKeyAsync(shop.Tenant, "retention:write");
        using var api = Server.WithApiKey(key.Secret);
        // Today's runs first (the first run's demo tenant has no datastores connected, so its run fails and counts).
        await worker.RunDueAsync(default);
        var before = await FailedRuns();

        // The ERP is down during a run: its rule fails, the run finishes with the error, and a monitor sees it.
        Environment.SetEnvironmentVariable(shop.ErpVariable, "Data Source=/nonexistent-dir/erp.db;Mode=ReadOnly");
        (await api.PostAsync("/api/v1/tenants/shop/retention/runs", null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await worker.RunDueAsync(default);
        (await FailedRuns()).ShouldBe(before + 1);
        var unhealthy = await anonymous.GetAsync("/health/work");
        unhealthy.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        var answer = JsonDocument.Parse(await unhealthy.Content.ReadAsStringAsync()).RootElement;
        answer.GetProperty("status").GetString().ShouldBe("Unhealthy");
        answer.GetProperty("checks").GetProperty("work").GetProperty("data").GetProperty("retentionRunsWithErrors").GetInt32().ShouldBe(before + 1);

        // Back, and a run started now succeeds: the tenant no longer counts.
        Environment.SetEnvironmentVariable(shop.ErpVariable, shop.Erp.ConnectionString);
        (await api.PostAsync("/api/v1/tenants/shop/retention/runs", null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await worker.RunDueAsync(default);
        (await FailedRuns()).ShouldBe(before);
    }

    [Theory]
    [InlineData("""{"scope":"galaxy","reason":"x"}""", "scope")]
    [InlineData("""{"scope":"tenant","reason":""}""", "reason")]
    [InlineData("""{"scope":"tenant","reason":"x","until":"31/12/2030"}""", "until")]
    [InlineData("""{"scope":"tenant","reason":"x","until":"2001-01-01"}""", "until")]
    [InlineData("""{"scope":"collection","reason":"x","collection":"erp.db.nope"}""", "collection")]
    [InlineData("""{"scope":"person","reason":"x","identities":[]}""", "identities")]
    public async Task A_hold_that_cannot_be_placed_is_a_problem_that_names_the_field(string body, string field)
    {
        var shop = await ShopTenant.CreateAsync(Server, "shop");
        var key = await Server.Database.IssueKeyAsync(shop.Tenant, "retention:write");
        using var api = Server.WithApiKey(key.Secret);

        using var response = await api.PostAsync("/api/v1/tenants/shop/retention/holds", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue(problem.ToString());
        (await api.GetStringAsync("/api/v1/tenants/shop/retention/holds")).ShouldBe("[]");
    }
}
