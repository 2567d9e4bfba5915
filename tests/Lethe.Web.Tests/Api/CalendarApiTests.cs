using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lethe.Tenancy;
using Lethe.Web.Tests.Support;

namespace Lethe.Web.Tests.Api;

public sealed class CalendarApiTests : ServerPerTest
{
    [Fact]
    public async Task An_officer_runs_a_review_and_assesses_a_system_through_the_API_and_the_duties_show_in_health_without_names()
    {
        var shop = await ShopTenant.CreateAsync(Server, "shop");
        await Server.AddPersonAsync("dpo@shop.example", Role.PrivacyOfficer, shop.Tenant);
        using var api = await Server.SignInAsync("dpo@shop.example");

        var calendar = JsonDocument.Parse(await api.GetStringAsync("/api/v1/tenants/shop/calendar")).RootElement;
        calendar.EnumerateArray().Select(d => d.GetProperty("id").GetString())
            .ShouldBe(["agreement-review:erp_partner", "half-yearly-review", "risk-assessment:erp", "risk-assessment:paper_archive", "notice-review"]);
        // The data map's review date for the processor's agreement; the tenant's own duties count from today.
        calendar[0].GetProperty("dueOn").GetString().ShouldBe("2027-01-10");
        calendar[1].GetProperty("ownerRole").GetString().ShouldBe("PrivacyOfficer");
        calendar[1].GetProperty("state").GetString().ShouldBe("upcoming");
        calendar[1].GetProperty("ownerAssigned").GetBoolean().ShouldBeFalse();

        await Server.AddPersonAsync("mette@shop.example", Role.PrivacyOfficer, shop.Tenant);
        var given = await api.PutAsJsonAsync("/api/v1/tenants/shop/calendar/risk-assessment:erp/owner", new { owner = "mette@shop.example" });
        given.StatusCode.ShouldBe(HttpStatusCode.OK);
        var duty = JsonDocument.Parse(await given.Content.ReadAsStringAsync()).RootElement;
        (duty.GetProperty("ownerUser").GetString(), duty.GetProperty("ownerAssigned").GetBoolean(), duty.GetProperty("ownerRole").ValueKind).ShouldBe(("mette@shop.example", true, JsonValueKind.Null));
        var stranger = await api.PutAsJsonAsync("/api/v1/tenants/shop/calendar/risk-assessment:erp/owner", new { owner = "someone@elsewhere.example" });
        stranger.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        JsonDocument.Parse(await stranger.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").GetProperty("owner")[0].GetString()!.ShouldContain("holds no role");
        (await api.PutAsJsonAsync("/api/v1/tenants/shop/calendar/risk-assessment:nowhere/owner", new { owner = "mette@shop.example" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var back = await api.PutAsJsonAsync("/api/v1/tenants/shop/calendar/risk-assessment:erp/owner", new { owner = "" });
        JsonDocument.Parse(await back.Content.ReadAsStringAsync()).RootElement.GetProperty("ownerRole").GetString().ShouldBe("PrivacyOfficer");

        var started = await api.PostAsync("/api/v1/tenants/shop/reviews", null);
        started.StatusCode.ShouldBe(HttpStatusCode.Created);
        var review = JsonDocument.Parse(await started.Content.ReadAsStringAsync()).RootElement;
        var id = review.GetProperty("id").GetGuid();
        review.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("ref").GetString())
            .ShouldBe(["system:erp", "system:paper_archive", "activity:delivery_and_invoicing", "retention_rule:bookkeeping", "processor:erp_partner"]);
        (await api.PostAsync("/api/v1/tenants/shop/reviews", null)).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        var bad = await api.PostAsJsonAsync($"/api/v1/tenants/shop/reviews/{id}/items/1", new { decision = "open" });
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await api.PostAsJsonAsync($"/api/v1/tenants/shop/reviews/{id}/items/system:erp", new { decision = "changed" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await api.PostAsJsonAsync($"/api/v1/tenants/shop/reviews/{id}/items/99", new { decision = "confirmed" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await api.PostAsJsonAsync($"/api/v1/tenants/shop/reviews/{id}/complete", new { })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        foreach (var item in new[] { "system:erp", "system:paper_archive", "activity:delivery_and_invoicing", "retention_rule:bookkeeping", "processor:erp_partner" })
        {
            (await api.PostAsJsonAsync($"/api/v1/tenants/shop/reviews/{id}/items/{item}", new { decision = "confirmed" })).StatusCode.ShouldBe(HttpStatusCode.OK, item);
        }

        var completed = await api.PostAsJsonAsync($"/api/v1/tenants/shop/reviews/{id}/complete", new { summary = "Nothing changed." });
        completed.StatusCode.ShouldBe(HttpStatusCode.OK);
        JsonDocument.Parse(await completed.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString().ShouldBe("completed");
        var report = await api.GetAsync($"/api/v1/tenants/shop/reviews/{id}/report?language=en");
        report.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        (await report.Content.ReadAsStringAsync()).ShouldContain("5 confirmed, 0 changed, 0 not decided");

        var assessed = await api.PostAsJsonAsync("/api/v1/tenants/shop/risk-assessments/erp",
            new { likelihood = 2, impact = 3, residualLikelihood = 1, residualImpact = 3, reasons = "Addresses and invoices of customers." });
        assessed.StatusCode.ShouldBe(HttpStatusCode.Created);
        var assessment = JsonDocument.Parse(await assessed.Content.ReadAsStringAsync()).RootElement;
        assessment.GetProperty("inherent").GetProperty("level").GetString().ShouldBe("medium");
        assessment.GetProperty("residual").GetProperty("level").GetString().ShouldBe("low");
        assessment.GetProperty("measures").GetArrayLength().ShouldBe(4);
        (await api.PostAsJsonAsync("/api/v1/tenants/shop/risk-assessments/nowhere", new { likelihood = 1, impact = 1, residualLikelihood = 1, residualImpact = 1, reasons = "x" }))
            .StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var risks = JsonDocument.Parse(await api.GetStringAsync("/api/v1/tenants/shop/risk-assessments")).RootElement;
        risks.EnumerateArray().Select(r => r.GetProperty("system").GetString()).ShouldBe(["erp", "paper_archive"]);
        risks[0].GetProperty("latest").GetProperty("reasons").GetString().ShouldBe("Addresses and invoices of customers.");
        risks[1].GetProperty("latest").ValueKind.ShouldBe(JsonValueKind.Null);

        using var anonymous = Server.Anonymous();
        var health = await anonymous.GetAsync("/health/duties");
        health.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await health.Content.ReadAsStringAsync();
        var duties = JsonDocument.Parse(body).RootElement;
        // Other tenants on this server (the samples' agreements past their review dates) may have overdue duties: the
        // status follows the counts, and the counts are the sum of the kinds.
        var overdue = duties.GetProperty("overdue").GetInt32();
        var kinds = duties.GetProperty("byKind").EnumerateObject().ToList();
        overdue.ShouldBe(kinds.Sum(k => k.Value.GetProperty("overdue").GetInt32()));
        duties.GetProperty("due").GetInt32().ShouldBe(kinds.Sum(k => k.Value.GetProperty("due").GetInt32()));
        duties.GetProperty("status").GetString().ShouldBe(overdue > 0 ? "overdue" : duties.GetProperty("due").GetInt32() > 0 ? "due" : "ok");
        duties.GetProperty("byKind").GetProperty("half-yearly-review").GetProperty("overdue").GetInt32().ShouldBe(0);
        body.ShouldNotContain("shop");
        body.ShouldNotContain("erp");
        body.ShouldNotContain("dpo@");

        // Anyone may ask, and a count walks every tenant: the next caller within the minute gets the same count.
        var again = JsonDocument.Parse(await anonymous.GetStringAsync("/health/duties")).RootElement;
        again.GetProperty("checkedAt").GetDateTimeOffset().ShouldBe(duties.GetProperty("checkedAt").GetDateTimeOffset());
    }
}
