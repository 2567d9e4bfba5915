using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Lethe.Accounts;
using Lethe.Audit;
using Lethe.Storage;
using Lethe.Tenancy;
using Lethe.Tests.Support;
using Lethe.Web.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Web.Tests.Accounts;

/// <summary>
/// Wrong passwords pause sign-in for one account from one client address, not for the account: an outsider who knows
/// the admin's address (the README prints it) can lock only themselves out, never the admin. The pause looks exactly
/// like a wrong password, and the owner is mailed a link that lifts it.
/// </summary>
public sealed partial class SignInLockoutTests
{
    private static readonly IPAddress Attacker = IPAddress.Parse("127.0.0.2");
    private static readonly IPAddress Owner = IPAddress.Parse("127.0.0.3");

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task Wrong_passwords_from_one_address_lock_that_address_only_and_the_owner_signs_in_from_another(DatabaseProvider provider)
    {
        await using var server = await LetheServer.StartAsync(provider);
        var admin = await server.AddPersonAsync("admin@lethe.test", Role.PlatformAdmin);
        using var attacker = server.Anonymous(Attacker);

        for (var i = 0; i < 5; i++)
        {
            (await TryAsync(attacker, "admin@lethe.test", "a-guessed-password")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        (await TryAsync(attacker, "admin@lethe.test", LetheServer.PersonPassword)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized, "paused from there");
        using var owner = server.Anonymous(Owner);
        (await TryAsync(owner, "admin@lethe.test", LetheServer.PersonPassword)).StatusCode.ShouldBe(HttpStatusCode.Redirect, "the owner elsewhere");

        var entries = await AuditAsync(server);
        var target = $"user:{admin.Id}";
        entries.Count(e => e.Action == AuditActions.SignInFailed && e.Target == target).ShouldBe(5);
        entries.Count(e => e.Action == AuditActions.SignInLocked && e.Target == target).ShouldBe(1);
        entries.Count(e => e.Action == AuditActions.SignInLockedOut && e.Target == target).ShouldBe(1);
        entries.Count(e => e.Action == AuditActions.SignIn && e.ActorId == admin.Id).ShouldBe(1);
    }

    [Fact]
    public async Task A_paused_sign_in_gets_the_same_answer_as_a_wrong_password_and_as_an_unknown_address()
    {
        await using var server = await LetheServer.StartAsync();
        await server.AddPersonAsync("admin@lethe.test", Role.PlatformAdmin);
        using var attacker = server.Anonymous(Attacker);
        for (var i = 0; i < 5; i++)
        {
            await TryAsync(attacker, "admin@lethe.test", "a-guessed-password");
        }

        var paused = await TryAsync(attacker, "admin@lethe.test", LetheServer.PersonPassword);
        var wrong = await TryAsync(server.Anonymous(Owner), "admin@lethe.test", "a-guessed-password");
        var unknown = await TryAsync(server.Anonymous(Owner), "nobody@lethe.test", "a-guessed-password");

        paused.StatusCode.ShouldBe(wrong.StatusCode);
        unknown.StatusCode.ShouldBe(wrong.StatusCode);
        var pausedPage = WithoutToken(await paused.Content.ReadAsStringAsync());
        pausedPage.ShouldBe(WithoutToken(await wrong.Content.ReadAsStringAsync()));
        pausedPage.ShouldNotContain("locked", Case.Insensitive);
        Alert(WithoutToken(await unknown.Content.ReadAsStringAsync())).ShouldBe(Alert(pausedPage));
    }

    [Fact]
    public async Task The_pause_mails_the_owner_a_link_that_lifts_it_once()
    {
        await using var server = await LetheServer.StartAsync();
        var admin = await server.AddPersonAsync("admin@lethe.test", Role.PlatformAdmin);
        using var owner = server.Anonymous(Owner);
        for (var i = 0; i < 5; i++)
        {
            await TryAsync(owner, "admin@lethe.test", "a-mistyped-password");
        }

        var mail = (await ServerMailbox.DeliverAndReadAsync(server, "admin@lethe.test")).ShouldHaveSingleItem();
        var link = new Uri(ServerMailbox.Link(mail, "/signin/unlock/"));
        var token = link.AbsolutePath.Split('/')[^1];
        (await StoredTokenHashesAsync(server)).ShouldBe([Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)))]);

        // Opening the link changes nothing (mail scanners open links); its button does.
        var form = await owner.GetAsync(link.PathAndQuery);
        form.StatusCode.ShouldBe(HttpStatusCode.OK);
        form.Headers.CacheControl!.NoStore.ShouldBeTrue();
        (await TryAsync(owner, "admin@lethe.test", LetheServer.PersonPassword)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var lifted = await PostFormAsync(owner, link.PathAndQuery, await owner.GetStringAsync(link.PathAndQuery));
        lifted.StatusCode.ShouldBe(HttpStatusCode.OK);

        (await TryAsync(owner, "admin@lethe.test", LetheServer.PersonPassword)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        using var other = server.Anonymous(Attacker);
        var again = await PostFormAsync(other, link.PathAndQuery, await other.GetStringAsync(link.PathAndQuery));
        again.StatusCode.ShouldBe(HttpStatusCode.BadRequest, "a link works once");
        (await StoredTokenHashesAsync(server)).ShouldBeEmpty();
        (await AuditAsync(server)).Count(e => e.Action == AuditActions.SignInUnlocked && e.Target == $"user:{admin.Id}").ShouldBe(1);
    }

    [Fact]
    public async Task Wrong_two_factor_codes_pause_the_same_way()
    {
        await using var server = await LetheServer.StartAsync();
        var key = await EnrolTwoFactorAsync(server, "admin@lethe.test");
        using var attacker = server.Anonymous(Attacker);
        await TryAsync(attacker, "admin@lethe.test", LetheServer.PersonPassword);
        for (var i = 0; i < 5; i++)
        {
            (await CodeAsync(attacker, "000000")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        (await CodeAsync(attacker, Totp.Code(key, DateTimeOffset.UtcNow))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized, "paused from there");
        using var owner = server.Anonymous(Owner);
        (await TryAsync(owner, "admin@lethe.test", LetheServer.PersonPassword)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await CodeAsync(owner, Totp.Code(key, DateTimeOffset.UtcNow))).StatusCode.ShouldBe(HttpStatusCode.Redirect, "the owner elsewhere");
    }

    internal static async Task<HttpResponseMessage> TryAsync(HttpClient client, string email, string password)
    {
        var token = LetheServer.AntiforgeryToken(await client.GetStringAsync("/signin"));
        return await client.PostAsync("/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Email"] = email, ["Password"] = password,
        }));
    }

    private static async Task<HttpResponseMessage> CodeAsync(HttpClient client, string code) =>
        await PostFormAsync(client, "/signin/two-factor", await client.GetStringAsync("/signin/two-factor"), new() { ["Code"] = code });

    private static Task<HttpResponseMessage> PostFormAsync(HttpClient client, string path, string page, Dictionary<string, string>? fields = null)
    {
        var form = new Dictionary<string, string>(fields ?? []) { ["__RequestVerificationToken"] = LetheServer.AntiforgeryToken(page) };
        return client.PostAsync(path, new FormUrlEncodedContent(form));
    }

    private static async Task<string> EnrolTwoFactorAsync(LetheServer server, string email)
    {
        await server.AddPersonAsync(email, Role.PlatformAdmin);
        await using var scope = server.Database.Scope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<LetheUser>>();
        var user = (await users.FindByEmailAsync(email))!;
        await users.ResetAuthenticatorKeyAsync(user);
        await users.SetTwoFactorEnabledAsync(user, true);
        return (await users.GetAuthenticatorKeyAsync(user))!;
    }

    private static async Task<List<AuditEntry>> AuditAsync(LetheServer server)
    {
        await using var scope = server.Database.Scope();
        return await scope.ServiceProvider.GetRequiredService<LetheDbContext>().AuditEntries.IgnoreQueryFilters()
            .OrderBy(e => e.Sequence).ToListAsync();
    }

    private static async Task<List<string?>> StoredTokenHashesAsync(LetheServer server)
    {
        await using var scope = server.Database.Scope();
        return await scope.ServiceProvider.GetRequiredService<LetheDbContext>().SignInLocks
            .Where(l => l.UnlockTokenHash != null).Select(l => l.UnlockTokenHash).ToListAsync();
    }

    private static string WithoutToken(string html) => TokenValue().Replace(html, "value=\"…\"");

    private static string Alert(string html)
    {
        var alert = AlertPattern().Match(html).Value;
        alert.ShouldNotBeNullOrEmpty();
        return alert;
    }

    [GeneratedRegex("value=\"CfDJ8[^\"]*\"")]
    private static partial Regex TokenValue();

    [GeneratedRegex("<p class=\"error\" role=\"alert\">[^<]*</p>")]
    private static partial Regex AlertPattern();
}
