using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lethe.Tenancy;
using Lethe.Tests.Support;
using Lethe.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Web.Tests.Console;

/// <summary>
/// A business customer the company serves as processor: the company's agent prepares the request, but it runs only when
/// the customer's own admin — the controller, who answers the person — approves it in the console.
/// </summary>
public sealed class ProcessorRoutingTests : ServerPerTest
{
    [Fact]
    public async Task Only_the_controllers_admin_approves_a_request_of_a_tenant_served_as_processor()
    {
        var shop = await ShopTenant.CreateAsync(Server, "shop");
        await using (var scope = Server.Database.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Lethe.Storage.LetheDbContext>();
            (await db.Tenants.Where(t => t.Id == shop.Tenant.Id).ExecuteUpdateAsync(u => u.SetProperty(t => t.ControllerApproves, true))).ShouldBe(1);
        }

        await Server.AddPersonAsync("agent@processor.example", Role.Agent, shop.Tenant);
        await Server.AddPersonAsync("admin@customer.example", Role.CustomerAdmin, shop.Tenant);
        var key = await Server.Database.IssueKeyAsync(shop.Tenant, "requests:write");
        using var api = Server.WithApiKey(key.Secret);
        var created = await api.PostAsJsonAsync("/api/v1/tenants/shop/requests", new
        {
            type = "access", identities = new[] { new { type = "customer_number", value = await shop.CustomerNumberAsync() } }, channel = "phone",
            identityCheck = "Customer number and address read back",
        });
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString();

        // The processor's key and the processor's agent may not approve for the controller.
        await (await api.PostAsync($"/api/v1/tenants/shop/requests/{id}/approve", null)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        using var agent = await Server.SignInAsync("agent@processor.example");
        var agentPage = await agent.GetStringAsync($"/t/shop/requests/{id}");
        agentPage.ShouldContain("awaiting-controller");
        agentPage.ShouldNotContain("approve-request");
        var refused = await agent.PostAsync($"/t/shop/requests/{id}?handler=Approve", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = LetheServer.AntiforgeryToken(agentPage),
        }));
        refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        using var controller = await Server.SignInAsync("admin@customer.example");
        var page = await controller.GetStringAsync($"/t/shop/requests/{id}");
        page.ShouldContain("approve-request");
        var approved = await controller.PostAsync($"/t/shop/requests/{id}?handler=Approve", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = LetheServer.AntiforgeryToken(page),
        }));
        approved.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var detail = JsonDocument.Parse(await api.GetStringAsync($"/api/v1/tenants/shop/requests/{id}")).RootElement;
        detail.GetProperty("status").GetString().ShouldBe("in_progress");
        detail.GetProperty("timeline").EnumerateArray().Single(e => e.GetProperty("action").GetString() == "request.approved")
            .GetProperty("actor").GetString().ShouldBe("admin@customer.example");

        // The agent's work list: the request is open, not overdue, and theirs once assigned.
        (await agent.GetStringAsync("/t/shop/requests?show=open")).ShouldContain(id!);
        var overdue = await agent.GetStringAsync("/t/shop/requests?show=overdue");
        overdue.ShouldContain("requests?show=overdue\" aria-current=\"page\"", customMessage: "the overdue list itself");
        // Its step forwarded to the ERP partner waits above every list; the list of requests is what is filtered.
        RequestList(overdue).ShouldNotContain(id!);
        RequestList(overdue).ShouldContain("<p id=\"no-requests\">No requests in this view.</p>", customMessage: "an empty view says so");
        var mine = await agent.GetStringAsync("/t/shop/requests?show=mine");
        mine.ShouldContain("requests?show=mine\" aria-current=\"page\"", customMessage: "the agent's own list itself");
        RequestList(mine).ShouldNotContain(id!);
        (await api.PostAsJsonAsync($"/api/v1/tenants/shop/requests/{id}/assign", new { assignee = "agent@processor.example" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        RequestList(await agent.GetStringAsync("/t/shop/requests?show=mine")).ShouldContain(id!);
    }

    /// <summary>The page from the list's filters on: the list, or the sentence saying the view is empty.</summary>
    private static string RequestList(string page) => page[page.IndexOf("id=\"request-filters\"", StringComparison.Ordinal)..];
}
