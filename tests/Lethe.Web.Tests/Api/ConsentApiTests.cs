using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lethe.Audit;
using Lethe.Common;
using Lethe.Execution;
using Lethe.Requests;
using Lethe.Tests.Support;
using Lethe.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Web.Tests.Api;

/// <summary>The consent API and the suppression check through the real HTTP pipeline, with tenant API keys.</summary>
public sealed class ConsentApiTests : ServerPerTest
{
    [Fact]
    public async Task A_system_records_consent_one_at_a_time_or_in_a_batch_and_reads_state_and_receipts()
    {
        // The demo tenant made at first run: Flex4Business, whose data map asks consent for statistics, marketing and newsletters.
        Lethe.Tenancy.Tenant demo;
        await using (var scope = Server.Database.Scope())
        {
            demo = (await scope.ServiceProvider.GetRequiredService<Lethe.Tenancy.TenantCommands>().FindAsync("flex4business", default))!;
        }

        using var api = Server.WithApiKey((await Server.Database.IssueKeyAsync(demo, "consent:write")).Secret);
        var purposes = JsonDocument.Parse(await api.GetStringAsync("/api/v1/tenants/flex4business/consent/purposes")).RootElement;
        purposes.EnumerateArray().Select(p => p.GetProperty("key").GetString()).ShouldBe(["necessary", "statistics", "marketing", "newsletter"]);
        const string refusable = "newsletter";

        var one = await api.PostAsJsonAsync("/api/v1/tenants/flex4business/consent/events", new
        {
            subject = new { type = "person", value = "ida@example.dk" }, action = "given", purposes = new[] { refusable }, channel = "api",
        });
        one.StatusCode.ShouldBe(HttpStatusCode.Created);
        var receiptUrl = JsonDocument.Parse(await one.Content.ReadAsStringAsync()).RootElement[0].GetProperty("url").GetString()!;
        var receipt = JsonDocument.Parse(await api.GetStringAsync(receiptUrl)).RootElement;
        receipt.GetProperty("version").GetString().ShouldBe("KI-CR-v1.1.0");

        var batch = await api.PostAsJsonAsync("/api/v1/tenants/flex4business/consent/events", new
        {
            events = Enumerable.Range(0, 1000).Select(i => new
            {
                // A banner's events: only the cookie purposes it asks for (a newsletter is never given there).
                subject = new { type = "browser", value = $"browser-{i:D6}-abcdefgh" }, action = "given", purposes = new[] { "statistics" }, channel = "banner",
            }),
        });
        batch.StatusCode.ShouldBe(HttpStatusCode.Created);
        JsonDocument.Parse(await batch.Content.ReadAsStringAsync()).RootElement.GetArrayLength().ShouldBe(1000);

        var state = JsonDocument.Parse(await api.GetStringAsync("/api/v1/tenants/flex4business/consent/state?subjectType=person&subject=IDA@example.dk")).RootElement;
        state.EnumerateArray().Single(s => s.GetProperty("purpose").GetString() == refusable).GetProperty("given").GetBoolean().ShouldBeTrue();
        var history = JsonDocument.Parse(await api.GetStringAsync("/api/v1/tenants/flex4business/consent/history?subjectType=person&subject=ida@example.dk")).RootElement;
        history.GetArrayLength().ShouldBe(1);

        // Who read a named person's consents is kept; the banner's reads by browser id are not (one per page view).
        (await api.GetAsync("/api/v1/tenants/flex4business/consent/state?subjectType=browser&subject=browser-000001-abcdefgh")).EnsureSuccessStatusCode();
        await using (var scope = Server.Database.Scope())
        {
            var entries = await scope.ServiceProvider.GetRequiredService<Lethe.Storage.LetheDbContext>().AuditEntries.IgnoreQueryFilters()
                .Where(e => e.Action == AuditActions.ConsentStateRead && e.TenantId == demo.Id).ToListAsync();
            entries.Count.ShouldBe(1);
            entries[0].ActorKind.ShouldBe("api-key");
        }
    }

    private static StringContent JsonBody(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    [Fact]
    public async Task Bad_consent_input_is_a_problem_and_records_nothing()
    {
        var shop = await ShopTenant.CreateAsync(Server, "shop");
        using var api = Server.WithApiKey((await Server.Database.IssueKeyAsync(shop.Tenant, "consent:write")).Secret);
        var ev = new { subject = new { type = "browser", value = "abcdefghijklmnop" }, action = "given", purposes = new[] { "necessary" }, channel = "banner" };

        var tooMany = await api.PostAsJsonAsync("/api/v1/tenants/shop/consent/events", new { events = Enumerable.Repeat(ev, 1001) });
        (await tooMany.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetRawText().ShouldContain("1000");
        var unknown = await api.PostAsJsonAsync("/api/v1/tenants/shop/consent/events", new { subject = ev.subject, action = "given", purposes = new[] { "astrology" } });
        (await unknown.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetRawText().ShouldContain("astrology");
        var malformed = await api.PostAsJsonAsync("/api/v1/tenants/shop/consent/events", new { subject = new { type = "browser", value = "<script>" }, action = "given", purposes = new[] { "necessary" } });
        await malformed.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await api.GetAsync("/api/v1/tenants/shop/consent/state?subjectType=person&subject=nope")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await api.GetAsync($"/api/v1/tenants/shop/consent/receipts/{Guid.NewGuid()}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        // What the serializer and the framework say is put in terms of the request, never of .NET types.
        var extra = await api.PostAsync("/api/v1/tenants/shop/consent/events", JsonBody("""{"subject":{"type":"browser","value":"abcdefghijklmnop"},"action":"given","purposes":["necessary"],"extra":1}"""));
        var extraDetail = (await extra.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("detail").GetString()!;
        extraDetail.ShouldContain("'extra' is not a field this endpoint takes");
        var wrongType = await api.PostAsync("/api/v1/tenants/shop/consent/events", JsonBody("""{"action":1}"""));
        var wrongTypeDetail = (await wrongType.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("detail").GetString()!;
        wrongTypeDetail.ShouldContain("not of the type this endpoint takes");
        var none = await api.PostAsync("/api/v1/tenants/shop/consent/events", JsonBody("null"));
        (await none.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("detail").GetString()!.ShouldContain("takes a JSON body");
        foreach (var detail in new[] { extraDetail, wrongTypeDetail })
        {
            detail.ShouldNotContain("Lethe.");
            detail.ShouldNotContain(".NET");
        }

        var history = JsonDocument.Parse(await api.GetStringAsync("/api/v1/tenants/shop/consent/history?subjectType=browser&subject=abcdefghijklmnop")).RootElement;
        history.GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task Marketing_tools_check_up_to_10000_addresses_against_the_suppression_list()
    {
        var shop = await ShopTenant.CreateAsync(Server, "shop");
        await using (var scope = Server.Database.Scope())
        {
            var created = await scope.ServiceProvider.GetRequiredService<RequestRegistration>().CreateAsync(shop.Tenant, AuditActor.System,
                new RequestInput(RequestType.Objection.ToWire(), [new Identity("email", "ida@example.dk"), new Identity("phone", "22 33 44 55")], IdentityCheck: "signed letter"), default);
            (await scope.ServiceProvider.GetRequiredService<RequestLifecycle>().ApproveAsync(shop.Tenant, AuditActor.System, created.Value!.Request.Id, default)).Succeeded.ShouldBeTrue();
        }

        using var tool = Server.WithApiKey((await Server.Database.IssueKeyAsync(shop.Tenant, "suppression:check")).Secret);
        var addresses = Enumerable.Range(0, 9_997).Select(i => $"someone{i}@example.dk").Concat(["IDA@example.dk", "+45 2233 4455", "not-an-address"]).ToList();

        var answer = await tool.PostAsJsonAsync("/api/v1/suppression/check", new { addresses });

        answer.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement;
        body.GetProperty("checked").GetInt32().ShouldBe(10_000);
        body.GetProperty("suppressed").EnumerateArray().Select(a => a.GetString()).ShouldBe(["IDA@example.dk", "+45 2233 4455"]);
        var tooMany = await tool.PostAsJsonAsync("/api/v1/suppression/check", new { addresses = addresses.Append("one@more.dk") });
        await tooMany.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        using var noScope = Server.WithApiKey((await Server.Database.IssueKeyAsync(shop.Tenant, "consent:read")).Secret);
        (await noScope.PostAsJsonAsync("/api/v1/suppression/check", new { addresses = new[] { "a@b.dk" } })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}
