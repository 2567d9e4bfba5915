using System.Net;
using Lethe.Storage;
using Lethe.Tenancy;
using Lethe.Tests.Support;
using Lethe.Web.Tests.Support;

namespace Lethe.Web.Tests.Accounts;

/// <summary>
/// A console cookie is only as good as the person's security stamp when it is used: signing out, changing the password
/// or losing a role gives the person a new stamp, and every copy of an older cookie stops working on its next request,
/// on any server of the database.
/// </summary>
public sealed class SessionTests
{
    [Theory]
    [ClassData(typeof(Databases))]
    public async Task A_cookie_copied_before_sign_out_stops_working_when_its_owner_signs_out(DatabaseProvider provider)
    {
        await using var server = await LetheServer.StartAsync(provider);
        await server.AddPersonAsync("po@lethe.test", Role.PlatformAdmin);
        using var browser = await server.SignInAsync("po@lethe.test");
        using var copied = server.CopyOf(browser);
        (await copied.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var home = await browser.GetStringAsync("/");
        (await browser.PostAsync("/signout", Form(home))).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        await (await copied.GetAsync("/api/v1/me")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        var page = await copied.GetAsync("/");
        page.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        page.Headers.Location!.OriginalString.ShouldContain("/signin?ReturnUrl=");
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task Changing_the_password_ends_every_other_session_and_keeps_the_one_that_changed_it(DatabaseProvider provider)
    {
        await using var server = await LetheServer.StartAsync(provider);
        await server.AddPersonAsync("po@lethe.test", Role.PlatformAdmin);
        using var browser = await server.SignInAsync("po@lethe.test");
        using var elsewhere = await server.SignInAsync("po@lethe.test");
        using var copied = server.CopyOf(browser);

        var changed = await LetheServer.ChangePasswordAsync(browser, LetheServer.PersonPassword, "A-brand-new-password-7");
        changed.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        (await browser.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.OK, "the session that changed it goes on");
        await (await copied.GetAsync("/api/v1/me")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        await (await elsewhere.GetAsync("/api/v1/me")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task Revoking_a_role_ends_the_persons_sessions_at_once(DatabaseProvider provider)
    {
        await using var server = await LetheServer.StartAsync(provider);
        var tenant = await server.Database.CreateTenantAsync("tenant-a");
        await server.AddPersonAsync("po@lethe.test", Role.PrivacyOfficer, tenant);
        var agent = await server.AddPersonAsync("agent@lethe.test", Role.Agent, tenant);
        await server.Database.GrantAsync("agent@lethe.test", Role.Auditor, tenant);
        using var po = await server.SignInAsync("po@lethe.test");
        using var agentSession = await server.SignInAsync("agent@lethe.test");
        (await agentSession.GetAsync("/api/v1/tenants/tenant-a/requests")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await po.DeleteAsync($"/api/v1/tenants/tenant-a/users/{agent.Id}/roles/Agent")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        await (await agentSession.GetAsync("/api/v1/tenants/tenant-a/requests")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        (await po.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.OK, "the person who revoked keeps their session");
        using var again = await server.SignInAsync("agent@lethe.test");
        (await again.GetAsync("/api/v1/tenants/tenant-a")).StatusCode.ShouldBe(HttpStatusCode.OK, "the role left (Auditor) still counts after signing in again");
    }

    [Fact]
    public async Task A_session_holds_across_requests_without_a_new_cookie_each_time()
    {
        await using var server = await LetheServer.StartAsync();
        await server.AddPersonAsync("po@lethe.test", Role.PlatformAdmin);
        using var browser = await server.SignInAsync("po@lethe.test");

        foreach (var path in new[] { "/", "/api/v1/me", "/account/password", "/api/v1/tenants", "/" })
        {
            var response = await browser.GetAsync(path);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, path);
            // The stamp is checked, not refreshed: a new cookie on every request would be work for nothing.
            response.Headers.TryGetValues("Set-Cookie", out var cookies);
            (cookies ?? []).ShouldNotContain(c => c.StartsWith("lethe.auth=", StringComparison.Ordinal), path);
        }
    }

    private static FormUrlEncodedContent Form(string html) =>
        new(new Dictionary<string, string> { ["__RequestVerificationToken"] = LetheServer.AntiforgeryToken(html) });
}
