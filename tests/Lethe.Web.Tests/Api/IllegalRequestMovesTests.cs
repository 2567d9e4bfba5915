using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lethe.Tenancy;
using Lethe.Tests.Support;
using Lethe.Web.Tests.Support;

namespace Lethe.Web.Tests.Api;

/// <summary>
/// A request's status moves only along its lifecycle, whichever door the move comes through: the API answers a move
/// the rules forbid with a 409 problem and the console shows the refusal on the page — never a 500, never a change.
/// </summary>
public sealed class IllegalRequestMovesTests : ServerPerTest
{
    [Fact]
    public async Task A_rejected_request_cannot_be_verified_approved_rejected_again_or_withdrawn_through_the_api_or_the_console()
    {
        var shop = await ShopTenant.CreateAsync(Server, "shop");
        var key = await Server.Database.IssueKeyAsync(shop.Tenant, "requests:write");
        using var api = Server.WithApiKey(key.Secret);
        var created = await api.PostAsJsonAsync("/api/v1/tenants/shop/requests", new
        {
            type = "erasure", identities = new[] { new { type = "customer_number", value = await shop.CustomerNumberAsync() } }, channel = "letter",
        });
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var location = created.Headers.Location!.OriginalString;
        (await api.PostAsJsonAsync(location + "/reject", new { reason = "We could not confirm who wrote the letter." })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var moves = new (string Path, object? Body, string Refusal)[]
        {
            ("/verify", new { evidence = "Signed letter" }, "The request is rejected; it cannot become verified."),
            ("/approve", null, "The request is rejected; it cannot become in progress."),
            ("/reject", new { reason = "Another reason" }, "The request is rejected; it cannot become rejected."),
            ("/withdraw", null, "The request is rejected; it cannot become withdrawn."),
        };
        foreach (var (path, body, refusal) in moves)
        {
            var response = body is null ? await api.PostAsync(location + path, null) : await api.PostAsJsonAsync(location + path, body);
            (await response.ShouldBeProblemAsync(HttpStatusCode.Conflict)).GetProperty("detail").GetString().ShouldBe(refusal, path);
        }

        await Server.AddPersonAsync("agent@shop.example", Role.Agent, shop.Tenant);
        using var agent = await Server.SignInAsync("agent@shop.example");
        var id = location[(location.LastIndexOf('/') + 1)..];
        var page = await agent.GetStringAsync($"/t/shop/requests/{id}");
        foreach (var (handler, field, value, refusal) in new[]
        {
            ("Verify", "Evidence", "Signed letter", "it cannot become verified."),
            ("Approve", null, null, "it cannot become in progress."),
            ("Reject", "Reason", "Another reason", "it cannot become rejected."),
            ("Withdraw", null, null, "it cannot become withdrawn."),
        })
        {
            var form = new Dictionary<string, string> { ["__RequestVerificationToken"] = LetheServer.AntiforgeryToken(page) };
            if (field is not null)
            {
                form[field] = value!;
            }

            var response = await agent.PostAsync($"/t/shop/requests/{id}?handler={handler}", new FormUrlEncodedContent(form));
            var html = await response.Content.ReadAsStringAsync();
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, handler);
            html.ShouldContain("role=\"alert\"", customMessage: handler);
            html.ShouldContain(refusal, customMessage: handler);
        }

        var detail = JsonDocument.Parse(await api.GetStringAsync(location)).RootElement;
        detail.GetProperty("status").GetString().ShouldBe("rejected");
        detail.GetProperty("rejectionReason").GetString().ShouldBe("We could not confirm who wrote the letter.");
        detail.GetProperty("steps").GetArrayLength().ShouldBe(0);
    }
}
