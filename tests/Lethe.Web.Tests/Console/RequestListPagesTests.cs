using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Lethe.Requests;
using Lethe.Tenancy;
using Lethe.Tests.Support;
using Lethe.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Web.Tests.Console;

/// <summary>
/// A tenant with years of requests: the console lists them a page at a time and the API 200 at a time, newest first,
/// every request on exactly one page — also those registered together, at the same instant.
/// </summary>
public sealed partial class RequestListPagesTests : ServerPerTest
{
    [Fact]
    public async Task Every_request_is_on_exactly_one_page_newest_first()
    {
        var shop = await ShopTenant.CreateAsync(Server, "shop");
        var start = new DateTime(2024, 1, 1, 9, 0, 0, DateTimeKind.Utc);
        var made = new List<(Guid Id, DateTime At)>();
        await using (var scope = Server.Database.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Lethe.Storage.LetheDbContext>();
            for (var i = 0; i < 205; i++)
            {
                // Requests 90–139 were registered together: one instant, a page boundary inside them.
                var at = i is >= 90 and < 140 ? start.AddDays(90) : start.AddDays(i);
                var request = new DataRequest { TenantId = shop.Tenant.Id, Type = RequestType.Access, IdentitiesJson = "[]", CreatedAt = at, CreatedBy = "test" };
                db.Requests.Add(request);
                made.Add((request.Id, at));
            }

            await db.SaveChangesAsync();
        }

        await Server.AddPersonAsync("dpo@shop.example", Role.PrivacyOfficer, shop.Tenant);
        using var console = await Server.SignInAsync("dpo@shop.example");
        var first = await console.GetStringAsync("/t/shop/requests");
        var second = await console.GetStringAsync("/t/shop/requests?show=all&skip=100");
        var third = await console.GetStringAsync("/t/shop/requests?show=all&skip=200");
        var beyond = await console.GetStringAsync("/t/shop/requests?show=all&skip=300");

        Listed(first).Count.ShouldBe(100);
        Listed(second).Count.ShouldBe(100);
        Listed(third).Count.ShouldBe(5);
        Listed(first).Concat(Listed(second)).Concat(Listed(third)).ShouldBe(
            made.OrderByDescending(r => r.At).Select(r => r.Id).ToList(), ignoreOrder: true);
        Listed(first).Concat(Listed(second)).Concat(Listed(third)).Select(id => made.Single(r => r.Id == id).At)
            .ShouldBeInOrder(SortDirection.Descending, "newest first across the pages");
        first.ShouldContain("skip=100\" rel=\"next\"");
        first.ShouldNotContain("rel=\"prev\"");
        second.ShouldContain("skip=0\" rel=\"prev\"");
        second.ShouldContain("skip=200\" rel=\"next\"");
        third.ShouldNotContain("rel=\"next\"");
        Listed(beyond).ShouldBeEmpty();
        beyond.ShouldContain("No requests in this view.", customMessage: "past the last page, the view is empty, not 'no requests yet'");

        var key = await Server.Database.IssueKeyAsync(shop.Tenant, "requests:read");
        using var api = Server.WithApiKey(key.Secret);
        var page1 = Ids(await api.GetStringAsync("/api/v1/tenants/shop/requests"));
        var page2 = Ids(await api.GetStringAsync("/api/v1/tenants/shop/requests?skip=200"));
        page1.Count.ShouldBe(200);
        page2.Count.ShouldBe(5);
        page1.Concat(page2).ShouldBe(made.Select(r => r.Id).ToList(), ignoreOrder: true);
        await (await api.GetAsync("/api/v1/tenants/shop/requests?skip=-1")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await api.GetAsync("/api/v1/tenants/shop/requests?overdue=true&skip=200")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    private static List<Guid> Listed(string page)
    {
        var list = page.IndexOf("id=\"request-list\"", StringComparison.Ordinal);
        return list < 0 ? [] : RequestLink().Matches(page[list..]).Select(m => Guid.Parse(m.Groups[1].Value)).ToList();
    }

    private static List<Guid> Ids(string json) =>
        JsonDocument.Parse(json).RootElement.EnumerateArray().Select(r => r.GetProperty("id").GetGuid()).ToList();

    [GeneratedRegex("href=\"/t/shop/requests/([0-9a-f-]{36})\"")]
    private static partial Regex RequestLink();
}
