using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lethe.Tenancy;
using Lethe.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Web.Tests.Api;

public sealed class BreachesApiTests : ServerPerTest
{
    [Fact]
    public async Task An_officer_registers_assesses_notifies_and_closes_a_breach_through_the_API()
    {
        var shop = await ShopTenant.CreateAsync(Server, "shop");
        var customers = (long)(await shop.Erp.QueryAsync("SELECT count(*) FROM customers")).Single()[0]!;
        await Server.AddPersonAsync("dpo@shop.example", Role.PrivacyOfficer, shop.Tenant);
        using var api = await Server.SignInAsync("dpo@shop.example");

        var aware = DateTimeOffset.UtcNow.AddHours(-1);
        var created = await api.PostAsJsonAsync("/api/v1/tenants/shop/breaches", new
        {
            awareAt = aware, description = "The customer table was exported by a former employee.", affected = new[] { "erp.db.customers" },
        });
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var breach = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement;
        var id = breach.GetProperty("id").GetGuid();
        breach.GetProperty("status").GetString().ShouldBe("open");
        breach.GetProperty("clock").GetProperty("deadline").GetDateTime().ShouldBe(aware.UtcDateTime.AddHours(72), TimeSpan.FromSeconds(1));
        breach.GetProperty("clock").GetProperty("overdue").GetBoolean().ShouldBeFalse();
        breach.GetProperty("counts").GetProperty("people").GetInt64().ShouldBe(customers);
        breach.GetProperty("subjectCategories").EnumerateArray().Select(s => s.GetString()).ShouldBe(["customer"]);

        // Nothing is notified before the risk is assessed.
        (await api.PostAsJsonAsync($"/api/v1/tenants/shop/breaches/{id}/notify", new { })).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        var assessed = await api.PostAsJsonAsync($"/api/v1/tenants/shop/breaches/{id}/assess", new { risk = "high_risk", reasons = "Contact data of every customer" });
        assessed.StatusCode.ShouldBe(HttpStatusCode.OK);
        var notified = await api.PostAsJsonAsync($"/api/v1/tenants/shop/breaches/{id}/notify", new { });
        notified.StatusCode.ShouldBe(HttpStatusCode.Created);
        var notification = JsonDocument.Parse(await notified.Content.ReadAsStringAsync()).RootElement;
        notification.GetProperty("language").GetString().ShouldBe("da");
        notification.GetProperty("markdown").GetString().ShouldNotBeNull().ShouldContain($"Omkring {customers} registrerede er berørt.");
        notification.GetProperty("added").ValueKind.ShouldBe(JsonValueKind.Null);

        // A further phase (Art. 33(4)) must say what it adds; then it is kept with what it added and when.
        var nothingAdded = await api.PostAsJsonAsync($"/api/v1/tenants/shop/breaches/{id}/notify", new { });
        (await nothingAdded.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("added", out _).ShouldBeTrue();
        var phase = await api.PostAsJsonAsync($"/api/v1/tenants/shop/breaches/{id}/notify", new { added = "The export reached one outside address only.", measures = "The address's owner deleted it" });
        phase.StatusCode.ShouldBe(HttpStatusCode.Created);
        var second = JsonDocument.Parse(await phase.Content.ReadAsStringAsync()).RootElement;
        second.GetProperty("phase").GetInt32().ShouldBe(2);
        second.GetProperty("added").GetString().ShouldBe("The export reached one outside address only.");
        second.GetProperty("markdown").GetString().ShouldNotBeNull().ShouldContain("The address's owner deleted it");
        var details = JsonDocument.Parse(await api.GetStringAsync($"/api/v1/tenants/shop/breaches/{id}")).RootElement;
        details.GetProperty("measures").GetString().ShouldBe("The address's owner deleted it");
        details.GetProperty("notifications").EnumerateArray().Select(n => n.GetProperty("added").GetString()).ShouldBe([null, "The export reached one outside address only."]);

        (await api.PostAsync($"/api/v1/tenants/shop/breaches/{id}/close", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var list = JsonDocument.Parse(await api.GetStringAsync("/api/v1/tenants/shop/breaches")).RootElement;
        list.GetArrayLength().ShouldBe(1);
        list[0].GetProperty("status").GetString().ShouldBe("closed");

        await using var scope = Server.Database.Scope();
        var audit = await scope.ServiceProvider.GetRequiredService<Lethe.Storage.LetheDbContext>().AuditEntries.IgnoreQueryFilters()
            .Where(a => a.Action.StartsWith("breach.")).Select(a => a.Action).ToListAsync();
        audit.ShouldContain("breach.registered");
        audit.ShouldContain("breach.assessed");
        audit.ShouldContain("breach.notified");
        audit.ShouldContain("breach.closed");
        audit.ShouldContain("breach.viewed");
        audit.ShouldContain("breach.register-read");
    }

    [Fact]
    public async Task Bad_input_is_a_problem_naming_the_field()
    {
        var shop = await ShopTenant.CreateAsync(Server, "shop");
        await Server.AddPersonAsync("dpo@shop.example", Role.PrivacyOfficer, shop.Tenant);
        using var api = await Server.SignInAsync("dpo@shop.example");

        var unknown = await api.PostAsJsonAsync("/api/v1/tenants/shop/breaches", new { awareAt = DateTimeOffset.UtcNow, description = "x", affected = new[] { "erp.db.payroll" } });
        var problem = await unknown.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").GetProperty("affected")[0].GetString().ShouldNotBeNull().ShouldContain("erp.db.payroll");

        var noTime = await api.PostAsJsonAsync("/api/v1/tenants/shop/breaches", new { description = "x", affected = new[] { "erp" } });
        (await noTime.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("awareAt", out _).ShouldBeTrue();

        var created = await api.PostAsJsonAsync("/api/v1/tenants/shop/breaches", new { awareAt = DateTimeOffset.UtcNow, description = "x", affected = new[] { "erp" } });
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid();
        var badRisk = await api.PostAsJsonAsync($"/api/v1/tenants/shop/breaches/{id}/assess", new { risk = "medium", reasons = "" });
        var errors = (await badRisk.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors");
        errors.TryGetProperty("risk", out _).ShouldBeTrue();
        errors.TryGetProperty("reasons", out _).ShouldBeTrue();
        (await api.GetAsync($"/api/v1/tenants/shop/breaches/{Guid.NewGuid()}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Letters_are_counted_then_sent_once_and_refused_for_a_breach_that_is_not_a_high_risk()
    {
        var shop = await ShopTenant.CreateAsync(Server, "shop");
        var people = (await shop.Erp.QueryAsync("SELECT DISTINCT lower(email) FROM customers WHERE email LIKE '%@%'")).Count;
        await Server.AddPersonAsync("dpo@shop.example", Role.PrivacyOfficer, shop.Tenant);
        using var api = await Server.SignInAsync("dpo@shop.example");
        var created = await api.PostAsJsonAsync("/api/v1/tenants/shop/breaches", new
        {
            awareAt = DateTimeOffset.UtcNow.AddHours(-1), description = "The customer table was exported by a former employee.", affected = new[] { "erp.db.customers" },
        });
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid();
        var letters = $"/api/v1/tenants/shop/breaches/{id}/letters";

        await api.PostAsJsonAsync($"/api/v1/tenants/shop/breaches/{id}/assess", new { risk = "risk", reasons = "Names and addresses", consequences = "Phishing", measures = "Passwords reset" });
        var refused = await (await api.PostAsync($"{letters}/dry-run", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        refused.GetProperty("detail").GetString().ShouldNotBeNull().ShouldContain("not 'high_risk'");

        await api.PostAsJsonAsync($"/api/v1/tenants/shop/breaches/{id}/assess", new { risk = "high_risk", reasons = "Names and addresses", consequences = "Phishing", measures = "Passwords reset" });
        var plan = JsonDocument.Parse(await (await api.PostAsync($"{letters}/dry-run", null)).Content.ReadAsStringAsync()).RootElement;
        plan.GetProperty("letters").GetInt32().ShouldBe(people);
        plan.GetProperty("languages").GetString().ShouldBe($"da={people}");
        plan.GetProperty("withoutAddress").GetInt64().ShouldBe(0);
        plan.GetProperty("sent").ValueKind.ShouldBe(JsonValueKind.Null);

        var sent = await api.PostAsJsonAsync(letters, new { description = "A former employee took a copy of our customer list." });
        sent.StatusCode.ShouldBe(HttpStatusCode.Created);
        JsonDocument.Parse(await sent.Content.ReadAsStringAsync()).RootElement.GetProperty("kind").GetString().ShouldBe("letters");
        await (await api.PostAsJsonAsync(letters, new { })).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        (await api.PostAsync(letters, null)).StatusCode.ShouldBe(HttpStatusCode.BadRequest, "the body is required, if only {}");

        var missing = await (await api.PostAsJsonAsync($"/api/v1/tenants/shop/breaches/{id}/public-notice", new { reason = "" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        missing.GetProperty("errors").TryGetProperty("publishedWhere", out _).ShouldBeTrue();
        var notice = await api.PostAsJsonAsync($"/api/v1/tenants/shop/breaches/{id}/public-notice", new { reason = "Old customers have no address on file", publishedWhere = "https://shop.example/sikkerhed" });
        notice.StatusCode.ShouldBe(HttpStatusCode.Created);

        var details = JsonDocument.Parse(await api.GetStringAsync($"/api/v1/tenants/shop/breaches/{id}")).RootElement;
        details.GetProperty("communications").EnumerateArray().Select(c => c.GetProperty("kind").GetString()).ShouldBe(["letters", "public_notice"]);
        await using var scope = Server.Database.Scope();
        var queued = await scope.ServiceProvider.GetRequiredService<Lethe.Storage.LetheDbContext>().OutboxMessages.IgnoreQueryFilters()
            .CountAsync(m => m.Template == "breach_letter");
        queued.ShouldBe(people);
    }
}
