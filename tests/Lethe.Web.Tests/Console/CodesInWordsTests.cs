using System.Net;
using System.Text.RegularExpressions;
using Lethe.Audit;
using Lethe.Common;
using Lethe.Execution;
using Lethe.Requests;
using Lethe.Retention;
using Lethe.Storage;
using Lethe.Tenancy;
using Lethe.Tests.Support;
using Lethe.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Web.Tests.Console;

/// <summary>
/// A privacy officer reading the console in Danish meets the data map's names and words for what things are, not the
/// keys and codes a developer writes: purposes, recipients, datastores, processors, audit targets, scopes, durations.
/// </summary>
public sealed partial class CodesInWordsTests : ServerPerTest
{
    [Fact]
    public async Task The_consent_page_names_purposes_and_recipients_as_the_data_map_does_in_the_readers_language()
    {
        using var client = await SignedInAsync("da");

        var page = WebUtility.HtmlDecode(await client.GetStringAsync($"/t/{DemoTenant.Slug}/consent"));

        var marketing = Row(page, "purpose-marketing");
        marketing.ShouldContain("<strong>Markedsføringsmåling, kun efter accept i cookieboksen</strong>");
        marketing.ShouldContain("<code>marketing</code>", Case.Sensitive, "the key stays, small, for whoever wires up the banner");
        marketing.ShouldContain("Meta Platforms Ireland Ltd. (Meta Pixel)");
        marketing.ShouldNotContain("meta_pixel");
        Row(page, "purpose-statistics").ShouldContain("Google Ireland Ltd. (Google Analytics)");
    }

    [Fact]
    public async Task A_requests_steps_name_the_system_and_the_processor_a_request_was_forwarded_to()
    {
        var requestId = await ApprovedRequestAsync();
        using var client = await SignedInAsync("da");

        var page = WebUtility.HtmlDecode(await client.GetStringAsync($"/t/{DemoTenant.Slug}/requests/{requestId}"));

        var billing = Row(page, "step-billing-db");
        billing.ShouldContain("<td class=\"place\">Fakturering og bogføring<br><small><code>billing.db</code> (");
        billing.ShouldContain("-database)</small></td>", Case.Sensitive, "how Lethe reaches it, in words");
        Row(page, "step-sub-processor-nets").ShouldContain("<td class=\"place\">Databehandler: Nets Denmark A/S<br><small><code>sub-processor:nets</code></small></td>");

        var list = WebUtility.HtmlDecode(await client.GetStringAsync($"/t/{DemoTenant.Slug}/requests"));
        list.ShouldContain("Databehandler: Nets Denmark A/S</a>");
    }

    [Fact]
    public async Task The_audit_log_says_what_an_entry_is_about_in_words()
    {
        var demo = await Server.DemoTenantAsync();
        var review = Guid.NewGuid();
        await using (var scope = Server.Database.Scope())
        {
            await scope.ServiceProvider.GetRequiredService<AuditLog>().SaveChangesAsync(
            [
                new AuditEvent(AuditActor.System, AuditActions.ReviewStarted, demo.Id, $"review:{review}"),
                new AuditEvent(AuditActor.System, AuditActions.MessageSent, demo.Id, $"message:{Guid.NewGuid()}"),
                new AuditEvent(AuditActor.System, AuditActions.NoticePublished, demo.Id, "notice:7"),
            ], default);
        }

        using var client = await SignedInAsync("da");
        var page = WebUtility.HtmlDecode(await client.GetStringAsync($"/t/{DemoTenant.Slug}/audit"));

        page.ShouldContain($"<a href=\"/t/{DemoTenant.Slug}/reviews/{review}\">Halvårlig kontrol</a>");
        page.ShouldContain($"<small><code>…{review.ToString()[^8..]}</code></small>");
        page.ShouldContain("<span>Besked</span>");
        page.ShouldContain("<span>Privatlivspolitik</span>");
        page.ShouldContain("<small><code>7</code></small>");
        page.ShouldNotContain("<span class=\"code\">review</span>");
    }

    [Fact]
    public async Task The_api_keys_page_says_what_each_scope_lets_a_key_do()
    {
        await Server.Database.IssueKeyAsync(await Server.DemoTenantAsync(), "requests:write", "suppression:check");
        using var client = await SignedInAsync("da");

        var page = WebUtility.HtmlDecode(await client.GetStringAsync($"/t/{DemoTenant.Slug}/api-keys"));

        page.ShouldContain("<li>Registrere og behandle de registreredes anmodninger <small><code>requests:write</code></small></li>");
        page.ShouldContain("<li>Spørge, om adresser står på spærrelisten for markedsføring <small><code>suppression:check</code></small></li>");
    }

    [Fact]
    public async Task A_retention_runs_durations_are_said_for_people()
    {
        var demo = await Server.DemoTenantAsync();
        await using (var scope = Server.Database.Scope())
        {
            (await scope.ServiceProvider.GetRequiredService<RetentionRunner>().StartAsync(demo, "the test", default)).ShouldNotBeNull();
        }

        await Server.App.Services.GetRequiredService<RetentionWorker>().RunDueAsync(default);
        using var client = await SignedInAsync("da");

        var page = WebUtility.HtmlDecode(await client.GetStringAsync($"/t/{DemoTenant.Slug}/retention"));

        page.ShouldContain("<th>Varighed</th>");
        var durations = DanishDuration().Matches(page).Select(m => m.Groups[1].Value).ToList();
        durations.ShouldNotBeEmpty();
        durations.ShouldAllBe(d => d == "under 1 sekund" || d == "1 sekund" || DanishSeconds().IsMatch(d), string.Join(" | ", durations));
    }

    /// <summary>The demo's access request for an address, approved: a step per datastore the address reaches, one forwarded to Nets.</summary>
    private async Task<Guid> ApprovedRequestAsync()
    {
        await using var scope = Server.App.Services.CreateAsyncScope();
        var tenant = await scope.ServiceProvider.GetRequiredService<LetheDbContext>().Tenants.SingleAsync(t => t.Slug == DemoTenant.Slug);
        var created = await scope.ServiceProvider.GetRequiredService<RequestRegistration>().CreateAsync(tenant, AuditActor.System,
            new RequestInput(RequestType.Access.ToWire(), [new Identity("email", "no-one@example.dk")], IdentityCheck: "checked by the test"), default);
        var id = created.Value!.Request.Id;
        (await scope.ServiceProvider.GetRequiredService<RequestLifecycle>().ApproveAsync(tenant, AuditActor.System, id, default)).Succeeded.ShouldBeTrue();
        return id;
    }

    private async Task<HttpClient> SignedInAsync(string language)
    {
        await Server.AddPersonAsync("dpo@flex4business.example", Role.PrivacyOfficer, await Server.DemoTenantAsync());
        var client = await Server.SignInAsync("dpo@flex4business.example");
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        return client;
    }


    /// <summary>The table row with the id, from its start tag to its end.</summary>
    private static string Row(string page, string id)
    {
        var start = page.IndexOf($"<tr id=\"{id}\"", StringComparison.Ordinal);
        start.ShouldBeGreaterThanOrEqualTo(0, $"no row {id}");
        return page[start..page.IndexOf("</tr>", start, StringComparison.Ordinal)];
    }

    [GeneratedRegex("""<td class="duration">([^<]*)</td>""")]
    private static partial Regex DanishDuration();

    [GeneratedRegex("""^(\d+(,\d)? sekunder|\d+ min\. \d+ sek\.)$""")]
    private static partial Regex DanishSeconds();
}
