using System.Net;
using Lethe.Audit;
using Lethe.Storage;
using Lethe.Tenancy;
using Lethe.Tests.Support;
using Lethe.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Web.Tests.Accounts;

public sealed class SignInTests : ServerPerTest
{
    private async Task<HttpResponseMessage> TryAsync(HttpClient client, string email, string password)
    {
        var token = LetheServer.AntiforgeryToken(await client.GetStringAsync("/signin"));
        return await client.PostAsync("/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Email"] = email, ["Password"] = password,
        }));
    }

    private async Task<List<AuditEntry>> AuditAsync()
    {
        await using var scope = Server.Database.Scope();
        return await scope.ServiceProvider.GetRequiredService<LetheDbContext>().AuditEntries.IgnoreQueryFilters()
            .OrderBy(e => e.Sequence).ToListAsync();
    }

    [Fact]
    public async Task Five_wrong_passwords_pause_sign_in_from_that_address_even_with_the_right_one()
    {
        var user = await Server.AddPersonAsync("po@lethe.test", Role.PlatformAdmin);
        using var client = Server.Anonymous();

        for (var i = 0; i < 5; i++)
        {
            (await TryAsync(client, "po@lethe.test", "wrong-password")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        var paused = await TryAsync(client, "po@lethe.test", LetheServer.PersonPassword);
        paused.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await paused.Content.ReadAsStringAsync()).ShouldContain("Wrong e-mail or password.");

        var entries = await AuditAsync();
        entries.Count(e => e.Action == AuditActions.SignInFailed && e.Target == $"user:{user.Id}").ShouldBe(5);
        entries.Count(e => e.Action == AuditActions.SignInLocked && e.Target == $"user:{user.Id}").ShouldBe(1);
        entries.Count(e => e.Action == AuditActions.SignInLockedOut && e.Target == $"user:{user.Id}").ShouldBe(1);
        entries.ShouldNotContain(e => e.Action == AuditActions.SignIn);
    }

    [Fact]
    public async Task A_sign_in_and_a_sign_out_are_audited_and_an_unknown_address_reveals_nothing()
    {
        var user = await Server.AddPersonAsync("po@lethe.test", Role.PlatformAdmin);
        using var client = Server.Anonymous();

        var unknown = await TryAsync(client, "nobody@lethe.test", "whatever-password");
        var wrong = await TryAsync(Server.Anonymous(), "po@lethe.test", "whatever-password");
        (await unknown.Content.ReadAsStringAsync()).ShouldContain("Wrong e-mail or password.");
        (await wrong.Content.ReadAsStringAsync()).ShouldContain("Wrong e-mail or password.");
        unknown.StatusCode.ShouldBe(wrong.StatusCode);

        var ok = await TryAsync(client, "po@lethe.test", LetheServer.PersonPassword);
        ok.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var home = await client.GetAsync("/");
        home.StatusCode.ShouldBe(HttpStatusCode.OK);
        var token = LetheServer.AntiforgeryToken(await home.Content.ReadAsStringAsync());
        (await client.PostAsync("/signout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token })))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await client.GetAsync("/")).StatusCode.ShouldBe(HttpStatusCode.Redirect, "signed out");

        var entries = await AuditAsync();
        entries.ShouldContain(e => e.Action == AuditActions.SignIn && e.ActorId == user.Id);
        entries.ShouldContain(e => e.Action == AuditActions.SignOut && e.ActorId == user.Id);
        var failed = entries.Where(e => e.Action == AuditActions.SignInFailed).ToList();
        failed.Count.ShouldBe(2);
        failed.ShouldAllBe(e => !e.Details.Contains("nobody@") && !(e.Target ?? "").Contains("nobody@"));
    }

    [Fact]
    public async Task A_person_with_a_generated_password_must_choose_one_before_anything_else()
    {
        var tenant = await Server.Database.CreateTenantAsync("tenant-a");
        var granted = await Server.Database.GrantAsync("new@lethe.test", Role.Agent, tenant);
        using var client = await Server.SignInAsync("new@lethe.test", granted.OneTimePassword!);

        var home = await client.GetAsync("/t/tenant-a");
        home.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        home.Headers.Location!.OriginalString.ShouldBe("/account/password");

        var changed = await LetheServer.ChangePasswordAsync(client, granted.OneTimePassword!, "A-brand-new-password-7");
        changed.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await client.GetAsync("/t/tenant-a")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await AuditAsync()).ShouldContain(e => e.Action == AuditActions.PasswordChanged && e.Target == $"user:{granted.User.Id}");
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example/")]
    public async Task Sign_in_never_redirects_off_site(string returnUrl)
    {
        await Server.AddPersonAsync("po@lethe.test", Role.PlatformAdmin);
        using var client = Server.Anonymous();
        var token = LetheServer.AntiforgeryToken(await client.GetStringAsync("/signin"));

        var response = await client.PostAsync("/signin?ReturnUrl=" + Uri.EscapeDataString(returnUrl), new FormUrlEncodedContent(
            new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["Email"] = "po@lethe.test", ["Password"] = LetheServer.PersonPassword }));

        response.Headers.Location!.OriginalString.ShouldBe("/");
    }

    [Fact]
    public async Task A_form_post_without_the_antiforgery_token_is_refused()
    {
        await Server.AddPersonAsync("po@lethe.test", Role.PlatformAdmin);
        using var client = Server.Anonymous();
        await client.GetStringAsync("/signin");

        var response = await client.PostAsync("/signin", new FormUrlEncodedContent(
            new Dictionary<string, string> { ["Email"] = "po@lethe.test", ["Password"] = LetheServer.PersonPassword }));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await AuditAsync()).ShouldNotContain(e => e.Action == AuditActions.SignIn);
    }
}
