using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lethe.Requests;
using Lethe.Tests.Support;
using Lethe.Storage;
using Lethe.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Web.Tests.Api;

/// <summary>
/// What a system or an agent sends Lethe as free text — a request's message, the identity check, a manual task's notes —
/// is refused when it carries a card or national identity number: a problem naming the field, and nothing stored.
/// </summary>
public sealed class FreeTextGuardTests : ServerPerTest
{
    private const string Card = "4571 0000 0000 0001";
    private const string Cpr = "070761-4285";

    /// <summary>
    /// Whether <paramref name="text"/> holds either number, as sent or without its separators. Whole numbers, not their
    /// first digits: a SHA-256 in hexadecimal, which the audit log stores, holds "4571" by chance about once in a thousand.
    /// </summary>
    private static bool Carries(string text) =>
        new[] { Card, Card.Replace(" ", "", StringComparison.Ordinal), Cpr, Cpr.Replace("-", "", StringComparison.Ordinal) }
            .Any(n => text.Contains(n, StringComparison.Ordinal));

    private async Task<IReadOnlyList<string>> StoredTextAsync()
    {
        await using var scope = Server.Database.Scope();
        var db = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
        var audit = await db.AuditEntries.IgnoreQueryFilters().Select(a => a.Details).ToListAsync();
        var requests = (await db.Requests.IgnoreQueryFilters().ToListAsync()).Select(r => $"{r.Message} {r.VerificationEvidence} {r.CorrectionJson}");
        var steps = (await db.RequestSteps.IgnoreQueryFilters().ToListAsync()).Select(s => $"{s.Note} {s.NoteToPerson}");
        return [.. audit, .. requests, .. steps];
    }

    [Fact]
    public async Task A_request_whose_message_or_identity_check_carries_one_is_a_problem_naming_the_field_and_nothing_is_stored()
    {
        var shop = await ShopTenant.CreateAsync(Server, "shop");
        using var api = Server.WithApiKey((await Server.Database.IssueKeyAsync(shop.Tenant, "requests:write")).Secret);
        var number = await shop.CustomerNumberAsync();

        var refused = await api.PostAsJsonAsync("/api/v1/tenants/shop/requests", new
        {
            type = "access", identities = new[] { new { type = "customer_number", value = number } }, channel = "controller",
            message = $"Betalt med kort {Card}", identityCheck = $"CPR {Cpr} checked",
        });

        var errors = (await refused.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors");
        errors.GetProperty("message")[0].GetString()!.ShouldContain("We do not store card numbers");
        errors.GetProperty("identityCheck")[0].GetString()!.ShouldContain("national identity number");
        var body = await refused.Content.ReadAsStringAsync();
        Carries(body).ShouldBeFalse();
        await using (var scope = Server.Database.Scope())
        {
            (await scope.ServiceProvider.GetRequiredService<LetheDbContext>().Requests.IgnoreQueryFilters().CountAsync()).ShouldBe(0);
        }

        (await StoredTextAsync()).ShouldAllBe(t => !Carries(t));
    }

    [Fact]
    public async Task A_manual_task_closed_with_a_note_carrying_one_stays_open_and_keeps_no_note()
    {
        var shop = await ShopTenant.CreateAsync(Server, "shop");
        using var api = Server.WithApiKey((await Server.Database.IssueKeyAsync(shop.Tenant, "requests:write")).Secret);
        var created = await api.PostAsJsonAsync("/api/v1/tenants/shop/requests", new
        {
            type = "access", identities = new[] { new { type = "customer_number", value = await shop.CustomerNumberAsync() } }, channel = "controller",
            identityCheck = "signed in to the customer portal",
        });
        var location = created.Headers.Location!.OriginalString;
        (await api.PostAsync(location + "/approve", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await Server.App.Services.GetRequiredService<RequestWorker>().RunDueAsync(default);
        var step = JsonDocument.Parse(await api.GetStringAsync(location)).RootElement.GetProperty("steps").EnumerateArray()
            .Single(s => s.GetProperty("datastore").GetString() == "paper_archive.binders").GetProperty("id").GetString();

        var withCard = await api.PostAsJsonAsync($"{location}/steps/{step}/complete", new { note = $"Kvittering med kort {Card} makuleret" });
        var withCpr = await api.PostAsJsonAsync($"{location}/steps/{step}/complete", new { note = "Mappe tjekket", noteToPerson = $"Vi fandt dit CPR-nr. {Cpr}" });

        (await withCard.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("note")[0].GetString()!.ShouldContain("card");
        (await withCpr.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("noteToPerson")[0].GetString()!.ShouldContain("national identity");
        JsonDocument.Parse(await api.GetStringAsync(location)).RootElement.GetProperty("steps").EnumerateArray()
            .Single(s => s.GetProperty("datastore").GetString() == "paper_archive.binders").GetProperty("status").GetString().ShouldBe("waiting");
        (await StoredTextAsync()).ShouldAllBe(t => !Carries(t));
    }
}
