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

namespace Lethe.Web.Tests.Api;

public sealed class RequestsApiTests : ServerPerTest
{
    [Fact]
    public async Task A_system_registers_an_access_request_follows_it_and_downloads_the_answer()
    {
        var shop = await ShopTenant.CreateAsync(Server, "shop");
        var key = await Server.Database.IssueKeyAsync(shop.Tenant, "requests:write");
        using var api = Server.WithApiKey(key.Secret);
        var number = await shop.CustomerNumberAsync();

        // A controller forwards a request whose identity it confirmed itself; nothing runs until it is approved.
        var created = await api.PostAsJsonAsync("/api/v1/tenants/shop/requests", new
        {
            type = "access", identities = new[] { new { type = "customer_number", value = number } }, channel = "controller",
            identityCheck = "signed in to the customer portal",
        });
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var location = created.Headers.Location!.OriginalString;
        JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString().ShouldBe("verified");
        (await Server.App.Services.GetRequiredService<RequestWorker>().RunDueAsync(default)).ShouldBe(0);
        var approved = await api.PostAsync(location + "/approve", null);
        approved.StatusCode.ShouldBe(HttpStatusCode.OK);
        JsonDocument.Parse(await approved.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString().ShouldBe("in_progress");
        await (await api.PostAsync(location + "/approve", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await Server.App.Services.GetRequiredService<RequestWorker>().RunDueAsync(default);

        var detail = JsonDocument.Parse(await api.GetStringAsync(location)).RootElement;
        var extended = await api.PostAsJsonAsync(location + "/extend", new { months = 1, reason = "The request covers many systems." });
        extended.StatusCode.ShouldBe(HttpStatusCode.OK);
        JsonDocument.Parse(await extended.Content.ReadAsStringAsync()).RootElement.GetProperty("extendedMonths").GetInt32().ShouldBe(1);
        await (await api.PostAsJsonAsync(location + "/extend", new { months = 1, reason = "Again" })).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await (await api.PostAsJsonAsync(location + "/extend", new { months = 5, reason = "Long" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        (await api.GetStringAsync("/api/v1/tenants/shop/requests?overdue=true")).ShouldBe("[]");
        await (await api.GetAsync("/api/v1/tenants/shop/requests?overdue=maybe")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        // One month from receipt; the company's day may already be the next one when the request came in late (UTC).
        var due = DateOnly.Parse(detail.GetProperty("dueOn").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        (due.DayNumber - DateOnly.FromDateTime(detail.GetProperty("createdAt").GetDateTime()).AddMonths(1).DayNumber).ShouldBeInRange(0, 1);
        detail.GetProperty("status").GetString().ShouldBe("awaiting_external");
        detail.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("action").GetString()).ShouldBe(
            ["request.created", "request.approved", "request.step-done", "request.step-waiting", "request.viewed"], ignoreOrder: true);
        var steps = detail.GetProperty("steps").EnumerateArray().ToDictionary(s => s.GetProperty("datastore").GetString()!);
        steps["erp.db"].GetProperty("status").GetString().ShouldBe("done");
        steps["erp.db"].GetProperty("outcome").GetProperty("found").GetProperty("customers").GetInt32().ShouldBe(1);
        steps["paper_archive.binders"].GetProperty("status").GetString().ShouldBe("waiting");
        steps["paper_archive.binders"].GetProperty("assignee").GetString().ShouldBe("Office manager");

        var answer = await api.GetAsync(location + "/answer");
        answer.StatusCode.ShouldBe(HttpStatusCode.OK);
        answer.Content.Headers.ContentType!.MediaType.ShouldBe("application/zip");
        answer.Headers.CacheControl!.NoStore.ShouldBeTrue();
        using var zip = new ZipArchive(await answer.Content.ReadAsStreamAsync());
        var customers = JsonDocument.Parse(await new StreamReader(zip.GetEntry("erp.db/customers.json")!.Open()).ReadToEndAsync()).RootElement;
        customers.GetProperty("rows")[0].GetProperty("customer_number").GetString().ShouldBe(number);
        var summary = await new StreamReader(zip.GetEntry("summary.json")!.Open()).ReadToEndAsync();
        summary.ShouldContain("paper_archive.binders: not answered yet (waiting)");

        await using var scope = Server.Database.Scope();
        var audit = await scope.ServiceProvider.GetRequiredService<Lethe.Storage.LetheDbContext>().AuditEntries.IgnoreQueryFilters().ToListAsync();
        audit.ShouldContain(a => a.Action == "request.answer-read" && a.ActorKind == "api-key");
        audit.ShouldContain(a => a.Action == "request.viewed");
        audit.Where(a => a.Action.StartsWith("request.", StringComparison.Ordinal)).ShouldAllBe(a => !a.Details.Contains(number, StringComparison.Ordinal));
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
