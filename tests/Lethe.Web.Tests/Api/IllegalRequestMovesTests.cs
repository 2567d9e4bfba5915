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
        // A rejected request is closed, on its page and in the list, although it was never completed.
        var closed = WebUtility.HtmlDecode(page);
        closed.ShouldContain("<dt>Closed</dt>");
        closed[closed.IndexOf("<dt>Closed</dt>", StringComparison.Ordinal)..].ShouldNotStartWith("<dt>Closed</dt><dd>Open</dd>");
        var list = WebUtility.HtmlDecode(await agent.GetStringAsync("/t/shop/requests"));
        list.ShouldContain("<td data-label=\"Closed\">");
        list.ShouldNotContain("<td data-label=\"Closed\">Open</td>");
        foreach (var (handler, field, value, refusal) in new[]
        {
            ("Verify", "Evidence", "Signed letter", "it cannot become verified."),
            ("Approve", null, null, "it cannot become in progress."),
            ("Reject", "RejectionReason", "Another reason", "it cannot become rejected."),
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

        // A Danish agent reads the refusal in Danish, the statuses by their labels.
        var danish = await agent.PostAsync($"/t/shop/requests/{id}?handler=Verify&culture=da", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = LetheServer.AntiforgeryToken(page), ["Evidence"] = "Underskrevet brev",
        }));
        WebUtility.HtmlDecode(await danish.Content.ReadAsStringAsync()).ShouldContain("Anmodningen har status »afvist« og kan ikke få status »bekræftet«.");

        var detail = JsonDocument.Parse(await api.GetStringAsync(location)).RootElement;
        detail.GetProperty("status").GetString().ShouldBe("rejected");
        detail.GetProperty("rejectionReason").GetString().ShouldBe("We could not confirm who wrote the letter.");
        detail.GetProperty("steps").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task A_refused_reason_stays_in_the_form_it_was_written_in_and_no_other()
    {
        var shop = await ShopTenant.CreateAsync(Server, "shop");
        var key = await Server.Database.IssueKeyAsync(shop.Tenant, "requests:write");
        using var api = Server.WithApiKey(key.Secret);
        var created = await api.PostAsJsonAsync("/api/v1/tenants/shop/requests", new
        {
            type = "access", identities = new[] { new { type = "customer_number", value = await shop.CustomerNumberAsync() } }, channel = "letter",
        });
        var location = created.Headers.Location!.OriginalString;
        var dueBefore = JsonDocument.Parse(await api.GetStringAsync(location)).RootElement.GetProperty("dueOn").GetString();
        await Server.AddPersonAsync("agent@shop.example", Role.Agent, shop.Tenant);
        using var agent = await Server.SignInAsync("agent@shop.example");
        var page = $"/t/shop/requests/{location[(location.LastIndexOf('/') + 1)..]}";

        // A national identity number has no place in a reason the person is mailed: refused, and the words kept to mend.
        foreach (var (handler, field, textarea, other) in new[]
        {
            ("Reject", "RejectionReason", "reject-reason", "extension-reason"),
            ("Extend", "ExtensionReason", "extension-reason", "reject-reason"),
        })
        {
            var form = new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = LetheServer.AntiforgeryToken(await agent.GetStringAsync(page)),
                [field] = "Your CPR 070761-4285 did not match.",
                ["Months"] = "2",
            };
            var response = await agent.PostAsync($"{page}?handler={handler}", new FormUrlEncodedContent(form));
            var html = await response.Content.ReadAsStringAsync();
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, handler);
            Textarea(html, textarea).ShouldBe("Your CPR 070761-4285 did not match.", handler);
            Textarea(html, other).ShouldBe("", handler);
        }

        // In Danish, the refusal too; a card or national identity number refused in a reason is said as a sentence.
        var inDanish = await agent.PostAsync($"{page}?handler=Extend&culture=da", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = LetheServer.AntiforgeryToken(await agent.GetStringAsync(page)),
            ["ExtensionReason"] = "Dit CPR 070761-4285 passede ikke.", ["Months"] = "3",
        }));
        var said = WebUtility.HtmlDecode(await inDanish.Content.ReadAsStringAsync());
        said.ShouldContain("Forlæng med 1 eller 2 måneder: art. 12, stk. 3, tillader højst to måneder mere.");
        said.ShouldContain("Begrundelse: indeholder noget, der ligner et CPR-nummer");

        var detail = JsonDocument.Parse(await api.GetStringAsync(location)).RootElement;
        detail.GetProperty("status").GetString().ShouldNotBe("rejected");
        detail.GetProperty("dueOn").GetString().ShouldBe(dueBefore, "not extended");
    }

    /// <summary>What the textarea of that id holds as the page was sent.</summary>
    private static string Textarea(string html, string id) =>
        WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(html, $"<textarea id=\"{id}\"[^>]*>(?<text>[^<]*)</textarea>").ShouldNotBeNull().Groups["text"] is { Success: true } text
            ? text.Value
            : throw new ShouldAssertException($"no textarea {id}"));
}
