using System.Net;
using System.Text.RegularExpressions;
using Lethe.Storage;
using Lethe.Tenancy;
using Lethe.Tests.Support;
using Lethe.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Web.Tests.Console;

/// <summary>
/// A new API key's form is answered with a redirect to a page that shows the secret once, to the person who made it:
/// a form sent twice makes one key, a reload shows nothing, and nothing of the secret is kept afterwards.
/// </summary>
public sealed partial class ApiKeySecretPageTests : ServerPerTest
{
    [Fact]
    public async Task The_secret_is_shown_once_to_its_maker_and_a_form_sent_twice_makes_one_key()
    {
        var demo = await Server.DemoTenantAsync();
        await Server.AddPersonAsync("dpo@flex4business.example", Role.PrivacyOfficer, demo);
        await Server.AddPersonAsync("other@flex4business.example", Role.PrivacyOfficer, demo);
        using var dpo = await Server.SignInAsync("dpo@flex4business.example");
        using var other = await Server.SignInAsync("other@flex4business.example");
        var form = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = LetheServer.AntiforgeryToken(await dpo.GetStringAsync($"/t/{DemoTenant.Slug}/api-keys/new")),
            ["Name"] = "Webshop",
            ["Scopes"] = "requests:write",
            ["LifetimeDays"] = "30",
        };

        // A double click: the same rendered form twice, at once.
        var sent = await Task.WhenAll(
            dpo.PostAsync($"/t/{DemoTenant.Slug}/api-keys/new", new FormUrlEncodedContent(form)),
            dpo.PostAsync($"/t/{DemoTenant.Slug}/api-keys/new", new FormUrlEncodedContent(form)));
        sent.ShouldAllBe(r => r.StatusCode == HttpStatusCode.Redirect);
        var location = sent[0].Headers.Location!.OriginalString;
        sent[1].Headers.Location!.OriginalString.ShouldBe(location);
        location.ShouldMatch($"^/t/{DemoTenant.Slug}/api-keys/[0-9a-f-]{{36}}/secret$");
        await using (var scope = Server.Database.Scope())
        {
            var keys = await scope.ServiceProvider.GetRequiredService<LetheDbContext>().ApiKeys.IgnoreQueryFilters()
                .Where(k => k.TenantId == demo.Id && k.Name == "Webshop").ToListAsync();
            keys.Count.ShouldBe(1);
            keys[0].ShownOnce.ShouldNotBeNull();
            keys[0].ShownOnce!.ShouldNotContain("lethe_", Case.Sensitive, "kept encrypted");
        }

        // Another officer of the tenant cannot take it.
        using (var taken = await other.GetAsync(location))
        {
            taken.StatusCode.ShouldBe(HttpStatusCode.Gone);
            (await taken.Content.ReadAsStringAsync()).ShouldNotContain("api-key-secret\"");
        }

        using var shown = await dpo.GetAsync(location);
        shown.StatusCode.ShouldBe(HttpStatusCode.OK);
        shown.Headers.CacheControl!.NoStore.ShouldBeTrue();
        var secret = SecretPattern().Match(await shown.Content.ReadAsStringAsync()).Groups[1].Value;
        secret.ShouldStartWith("lethe_");
        using (var api = Server.WithApiKey(secret))
        {
            (await api.GetAsync($"/api/v1/tenants/{DemoTenant.Slug}/requests")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        // Once only: a reload says the secret is gone, and the database keeps nothing of it.
        using var again = await dpo.GetAsync(location);
        again.StatusCode.ShouldBe(HttpStatusCode.Gone);
        var gone = await again.Content.ReadAsStringAsync();
        gone.ShouldContain("id=\"api-key-secret-gone\"");
        gone.ShouldNotContain(secret);
        await using (var scope = Server.Database.Scope())
        {
            (await scope.ServiceProvider.GetRequiredService<LetheDbContext>().ApiKeys.IgnoreQueryFilters()
                .SingleAsync(k => k.TenantId == demo.Id && k.Name == "Webshop")).ShownOnce.ShouldBeNull();
        }

        // Under an address of a tenant that does not exist, the officer is refused as for any tenant not theirs.
        (await dpo.GetAsync(location.Replace(DemoTenant.Slug, "no-such-tenant", StringComparison.Ordinal))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_keys_secret_is_not_found_under_another_tenant_of_the_same_officer_and_stays_for_its_own()
    {
        var demo = await Server.DemoTenantAsync();
        var shop = await ShopTenant.CreateAsync(Server, "shop");
        await Server.AddPersonAsync("dpo@flex4business.example", Role.PrivacyOfficer, demo);
        await Server.AddPersonAsync("dpo@flex4business.example", Role.PrivacyOfficer, shop.Tenant);
        using var dpo = await Server.SignInAsync("dpo@flex4business.example");
        var made = await dpo.PostAsync($"/t/{DemoTenant.Slug}/api-keys/new", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = LetheServer.AntiforgeryToken(await dpo.GetStringAsync($"/t/{DemoTenant.Slug}/api-keys/new")),
            ["Name"] = "Webshop",
            ["Scopes"] = "requests:read",
        }));
        var location = made.Headers.Location!.OriginalString;

        (await dpo.GetAsync(location.Replace($"/t/{DemoTenant.Slug}/", "/t/shop/", StringComparison.Ordinal))).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        using var shown = await dpo.GetAsync(location);
        shown.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await shown.Content.ReadAsStringAsync()).ShouldContain("id=\"api-key-secret\">lethe_");
    }

    [Fact]
    public async Task A_refused_form_keeps_what_was_typed_and_makes_no_key()
    {
        var demo = await Server.DemoTenantAsync();
        await Server.AddPersonAsync("dpo@flex4business.example", Role.PrivacyOfficer, demo);
        using var dpo = await Server.SignInAsync("dpo@flex4business.example");
        var refused = await dpo.PostAsync($"/t/{DemoTenant.Slug}/api-keys/new", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = LetheServer.AntiforgeryToken(await dpo.GetStringAsync($"/t/{DemoTenant.Slug}/api-keys/new")),
            ["Name"] = "Webshop",
            ["LifetimeDays"] = "30",
        }));
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("value=\"Webshop\"");
        await using var scope = Server.Database.Scope();
        (await scope.ServiceProvider.GetRequiredService<LetheDbContext>().ApiKeys.IgnoreQueryFilters().CountAsync(k => k.TenantId == demo.Id && k.Name == "Webshop")).ShouldBe(0);
    }

    [GeneratedRegex("<code id=\"api-key-secret\">([^<]+)</code>")]
    private static partial Regex SecretPattern();
}
