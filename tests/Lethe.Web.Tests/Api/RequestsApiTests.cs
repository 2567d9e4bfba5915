using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lethe.Requests;
using Lethe.Tenancy;
using Lethe.Tests.Support;
using Lethe.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Lethe.Web.Tests.Api;

public sealed class RequestsApiTests : ServerPerTest
{
    /// <summary>An access request for a shop customer that a system registered through the API, with the API client and the request's address.</summary>
    private sealed record RegisteredRequest(HttpClient Api, string Location, string Number, HttpResponseMessage Created) : IDisposable
    {
        public void Dispose()
        {
            Created.Dispose();
            Api.Dispose();
        }
    }

    /// <summary>A controller forwards a request whose identity it confirmed itself (so it is verified, not yet approved).</summary>
    private async Task<RegisteredRequest> RegisterAsync()
    {
        var shop = await ShopTenant.CreateAsync(Server, "shop");
        var key = await Server.Database.IssueKeyAsync(shop.Tenant, "requests:write");
        var api = Server.WithApiKey(key.Secret);
        var number = await shop.CustomerNumberAsync();
        var created = await api.PostAsJsonAsync("/api/v1/tenants/shop/requests", new
        {
            type = "access", identities = new[] { new { type = "customer_number", value = number } }, channel = "controller",
            identityCheck = "signed in to the customer portal",
        });
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        return new RegisteredRequest(api, created.Headers.Location!.OriginalString, number, created);
    }

    /// <summary>The registered request approved and its steps run once: the ERP answered, the paper archive waits for a person.</summary>
    private async Task<RegisteredRequest> ApprovedAndRunAsync()
    {
        var request = await RegisterAsync();
        (await request.Api.PostAsync(request.Location + "/approve", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await Server.App.Services.GetRequiredService<RequestWorker>().RunDueAsync(default);
        return request;
    }

    [Fact]
    public async Task A_request_a_system_registers_runs_nothing_until_it_is_approved()
    {
        using var request = await RegisterAsync();

        JsonDocument.Parse(await request.Created.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString().ShouldBe("verified");
        (await Server.App.Services.GetRequiredService<RequestWorker>().RunDueAsync(default)).ShouldBe(0);
        var approved = await request.Api.PostAsync(request.Location + "/approve", null);
        approved.StatusCode.ShouldBe(HttpStatusCode.OK);
        JsonDocument.Parse(await approved.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString().ShouldBe("in_progress");
        (await Server.App.Services.GetRequiredService<RequestWorker>().RunDueAsync(default)).ShouldBe(2, "the ERP's step and the paper archive's manual task");
    }

    [Fact]
    public async Task Approving_a_request_twice_is_a_conflict()
    {
        using var request = await RegisterAsync();
        (await request.Api.PostAsync(request.Location + "/approve", null)).StatusCode.ShouldBe(HttpStatusCode.OK);

        await (await request.Api.PostAsync(request.Location + "/approve", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_deadline_is_extended_once_and_never_by_more_than_two_months()
    {
        using var request = await ApprovedAndRunAsync();

        await (await request.Api.PostAsJsonAsync(request.Location + "/extend", new { months = 5, reason = "Long" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var extended = await request.Api.PostAsJsonAsync(request.Location + "/extend", new { months = 1, reason = "The request covers many systems." });
        extended.StatusCode.ShouldBe(HttpStatusCode.OK);
        JsonDocument.Parse(await extended.Content.ReadAsStringAsync()).RootElement.GetProperty("extendedMonths").GetInt32().ShouldBe(1);
        await (await request.Api.PostAsJsonAsync(request.Location + "/extend", new { months = 1, reason = "Again" })).ShouldBeProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task The_overdue_list_holds_no_request_inside_its_deadline_and_refuses_a_value_that_is_not_a_boolean()
    {
        using var request = await ApprovedAndRunAsync();

        JsonDocument.Parse(await request.Api.GetStringAsync("/api/v1/tenants/shop/requests")).RootElement.GetArrayLength().ShouldBe(1, "the request is listed without the filter");
        (await request.Api.GetStringAsync("/api/v1/tenants/shop/requests?overdue=true")).ShouldBe("[]");
        await (await request.Api.GetAsync("/api/v1/tenants/shop/requests?overdue=maybe")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_request_shows_its_deadline_its_timeline_and_what_each_step_found()
    {
        using var request = await ApprovedAndRunAsync();

        var detail = JsonDocument.Parse(await request.Api.GetStringAsync(request.Location)).RootElement;

        // One month from receipt; the company's day may already be the next one when the request came in late (UTC).
        var due = DateOnly.Parse(detail.GetProperty("dueOn").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        (due.DayNumber - DateOnly.FromDateTime(detail.GetProperty("createdAt").GetDateTime()).AddMonths(1).DayNumber).ShouldBeInRange(0, 1);
        detail.GetProperty("status").GetString().ShouldBe("awaiting_external");
        detail.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("action").GetString()).ShouldBe(
            ["request.created", "request.approved", "request.forwarded", "request.step-done", "request.step-waiting", "request.viewed"], ignoreOrder: true);
        var steps = detail.GetProperty("steps").EnumerateArray().ToDictionary(s => s.GetProperty("datastore").GetString()!);
        steps["erp.db"].GetProperty("status").GetString().ShouldBe("done");
        steps["erp.db"].GetProperty("outcome").GetProperty("found").GetProperty("customers").GetInt32().ShouldBe(1);
        steps["paper_archive.binders"].GetProperty("status").GetString().ShouldBe("waiting");
        steps["paper_archive.binders"].GetProperty("assignee").GetString().ShouldBe("Office manager");
    }

    [Fact]
    public async Task A_request_forwarded_to_the_erp_partner_says_to_whom_and_by_when_and_is_closed_like_a_manual_task()
    {
        using var request = await ApprovedAndRunAsync();
        var invariant = System.Globalization.CultureInfo.InvariantCulture;

        var detail = JsonDocument.Parse(await request.Api.GetStringAsync(request.Location)).RootElement;

        // The partner running the ERP receives the customer's data (the data map's recipients): the request goes to it too.
        var due = DateOnly.Parse(detail.GetProperty("dueOn").GetString()!, invariant);
        var steps = detail.GetProperty("steps").EnumerateArray().ToDictionary(s => s.GetProperty("datastore").GetString()!);
        var partner = steps["sub-processor:erp_partner"];
        partner.GetProperty("forwardedTo").GetString().ShouldBe("Partner running our order processing, invoicing and accounting systems");
        partner.GetProperty("dueOn").GetString().ShouldBe(due.AddDays(-7).ToString("yyyy-MM-dd", invariant));
        partner.GetProperty("status").GetString().ShouldBe("waiting");
        partner.GetProperty("connector").GetString().ShouldBe("manual");
        partner.GetProperty("outcome").GetProperty("checklist")[0].GetString()!.ShouldStartWith("Forward the access request to Partner running our order processing");
        (steps["erp.db"].TryGetProperty("forwardedTo", out var none) && none.ValueKind != JsonValueKind.Null).ShouldBeFalse("a datastore's step names no processor");

        var closed = await request.Api.PostAsJsonAsync($"{request.Location}/steps/{partner.GetProperty("id").GetString()}/complete",
            new { note = "The partner confirmed by e-mail: nothing of the customer beyond the ERP." });
        closed.StatusCode.ShouldBe(HttpStatusCode.OK);
        var step = JsonDocument.Parse(await closed.Content.ReadAsStringAsync()).RootElement;
        step.GetProperty("status").GetString().ShouldBe("done");
        step.GetProperty("forwardedTo").GetString().ShouldBe("Partner running our order processing, invoicing and accounting systems");
        var after = JsonDocument.Parse(await request.Api.GetStringAsync(request.Location)).RootElement;
        after.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("action").GetString()).ShouldContain("request.manual-task-completed");
        after.GetProperty("status").GetString().ShouldBe("awaiting_external", "the paper archive still waits for its person");

        // The document describes both fields, the due day as a date.
        using var anonymous = Server.Anonymous();
        var document = JsonDocument.Parse(await anonymous.GetStringAsync("/openapi/v1.json")).RootElement;
        var properties = document.GetProperty("components").GetProperty("schemas").GetProperty("StepView").GetProperty("properties");
        properties.GetProperty("forwardedTo").GetProperty("type").ToString().ShouldContain("string");
        properties.GetProperty("dueOn").GetProperty("format").GetString().ShouldBe("date");
    }

    [Fact]
    public async Task A_forwarded_request_past_its_due_day_makes_health_work_red_naming_only_the_step()
    {
        using var request = await ApprovedAndRunAsync();
        var health = Server.App.Services.GetRequiredService<HealthCheckService>();
        (await health.CheckHealthAsync(c => c.Name == "work")).Status.ShouldBe(HealthStatus.Healthy, "the partner's day is weeks away");

        Guid step;
        await using (var scope = Server.Database.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Lethe.Storage.LetheDbContext>();
            var tenant = await db.Tenants.IgnoreQueryFilters().SingleAsync(t => t.Slug == "shop");
            var yesterday = Deadline.ReceivedOn(DateTimeOffset.UtcNow, tenant.Country).AddDays(-1);
            step = await db.RequestSteps.IgnoreQueryFilters().Where(s => s.ForwardedTo != null).Select(s => s.Id).SingleAsync();
            await db.RequestSteps.IgnoreQueryFilters().Where(s => s.Id == step).ExecuteUpdateAsync(u => u.SetProperty(s => s.DueOn, yesterday));
        }

        var report = (await health.CheckHealthAsync(c => c.Name == "work")).Entries["work"];
        report.Status.ShouldBe(HealthStatus.Degraded, "a processor slow to confirm is people's work, not the server failing");
        report.Data["forwardedStepsOverdue"].ShouldBe(1);
        ((string[])report.Data["overdue"]).ShouldHaveSingleItem().ShouldStartWith($"forwarded-step {step} due ");
        var description = report.Description.ShouldNotBeNull();
        description.ShouldContain("1 request(s) forwarded to a processor past their due day");
        description.ShouldNotContain(request.Number);
        using var anonymous = Server.Anonymous();
        var answer = await anonymous.GetAsync("/health/work");
        answer.StatusCode.ShouldBe(HttpStatusCode.OK, "degraded: seen by a monitor, not taken for down");
        (await answer.Content.ReadAsStringAsync()).ShouldContain("\"status\":\"Degraded\"");
    }

    [Fact]
    public async Task The_answer_downloads_as_an_uncached_zip_with_the_persons_rows_and_what_is_not_answered_yet()
    {
        using var request = await ApprovedAndRunAsync();

        var answer = await request.Api.GetAsync(request.Location + "/answer");

        answer.StatusCode.ShouldBe(HttpStatusCode.OK);
        answer.Content.Headers.ContentType!.MediaType.ShouldBe("application/zip");
        answer.Headers.CacheControl!.NoStore.ShouldBeTrue();
        using var zip = new ZipArchive(await answer.Content.ReadAsStreamAsync());
        var customers = JsonDocument.Parse(await new StreamReader(zip.GetEntry("erp.db/customers.json")!.Open()).ReadToEndAsync()).RootElement;
        customers.GetProperty("rows")[0].GetProperty("customer_number").GetString().ShouldBe(request.Number);
        var summary = await new StreamReader(zip.GetEntry("summary.json")!.Open()).ReadToEndAsync();
        summary.ShouldContain("paper_archive.binders: not answered yet (waiting)");
    }

    [Fact]
    public async Task Reading_a_request_and_its_answer_is_audited_without_the_persons_identity()
    {
        using var request = await ApprovedAndRunAsync();

        await request.Api.GetStringAsync(request.Location);
        (await request.Api.GetAsync(request.Location + "/answer")).StatusCode.ShouldBe(HttpStatusCode.OK);

        await using var scope = Server.Database.Scope();
        var audit = await scope.ServiceProvider.GetRequiredService<Lethe.Storage.LetheDbContext>().AuditEntries.IgnoreQueryFilters().ToListAsync();
        audit.Count(a => a.Action == "request.answer-read" && a.ActorKind == "api-key").ShouldBe(1);
        audit.Count(a => a.Action == "request.viewed").ShouldBe(1);
        audit.Where(a => a.Action.StartsWith("request.", StringComparison.Ordinal)).ShouldAllBe(a => !a.Details.Contains(request.Number, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_request_that_cannot_be_carried_out_is_a_problem_that_names_the_field()
    {
        var shop = await ShopTenant.CreateAsync(Server, "shop");
        var key = await Server.Database.IssueKeyAsync(shop.Tenant, "requests:write");
        using var api = Server.WithApiKey(key.Secret);

        var wrongType = await api.PostAsJsonAsync("/api/v1/tenants/shop/requests", new { type = "forget-me", identities = new[] { new { type = "email", value = "a@b.dk" } } });
        var problem = await wrongType.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").GetProperty("type")[0].GetString()!.ShouldContain("access, erasure");

        var noIdentity = await api.PostAsJsonAsync("/api/v1/tenants/shop/requests", new { type = "erasure", identities = Array.Empty<object>() });
        (await noIdentity.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("identities")[0].GetString()!.ShouldContain("at least one identity");

        var badCategory = await api.PostAsJsonAsync("/api/v1/tenants/shop/requests",
            new { type = "rectification", identities = new[] { new { type = "email", value = "a@b.dk" } }, changes = new Dictionary<string, string> { ["contact.shoe_size"] = "44" } });
        (await badCategory.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("changes.contact.shoe_size")[0].GetString()!.ShouldContain("not a data category");

        var notAnswerable = await api.PostAsJsonAsync("/api/v1/tenants/shop/requests", new { type = "erasure", identities = new[] { new { type = "email", value = "a@b.dk" } } });
        var location = notAnswerable.Headers.Location!.OriginalString;
        await (await api.GetAsync(location + "/answer")).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await (await api.GetAsync($"/api/v1/tenants/shop/requests/{Guid.NewGuid()}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        // A read-only key sees requests but cannot register them.
        using var reader = Server.WithApiKey((await Server.Database.IssueKeyAsync(shop.Tenant, "requests:read")).Secret);
        (await reader.GetAsync(location)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await reader.PostAsJsonAsync("/api/v1/tenants/shop/requests", new { type = "access" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}
