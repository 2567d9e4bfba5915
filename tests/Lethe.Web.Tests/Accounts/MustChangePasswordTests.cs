using System.Net;
using System.Net.Http.Json;
using Lethe.Tenancy;
using Lethe.Tests.Support;
using Lethe.Web.Tests.Support;

namespace Lethe.Web.Tests.Accounts;

/// <summary>
/// A generated password is a stranger's until its owner replaces it (it went through a terminal, a chat, an e-mail):
/// the cookie it earns reaches the password page only, in the console and on the API alike.
/// </summary>
public sealed class MustChangePasswordTests : ServerPerTest
{
    [Fact]
    public async Task The_api_refuses_a_cookie_earned_with_a_generated_password_until_it_is_changed()
    {
        var tenant = await Server.Database.CreateTenantAsync("tenant-a");
        var granted = await Server.Database.GrantAsync("new@lethe.test", Role.Agent, tenant);
        using var client = await Server.SignInAsync("new@lethe.test", granted.OneTimePassword!);

        var read = await client.GetAsync("/api/v1/tenants/tenant-a");
        var problem = await read.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        problem.GetProperty("detail").GetString()!.ShouldContain("/account/password");
        await (await client.PostAsJsonAsync("/api/v1/tenants/tenant-a/requests", new { type = "access" })).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await client.GetAsync("/api/v1/me")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        using var key = Server.WithApiKey((await Server.Database.IssueKeyAsync(tenant, "tenant:read")).Secret);
        (await key.GetAsync("/api/v1/tenants/tenant-a")).StatusCode.ShouldBe(HttpStatusCode.OK, "a key is no person's session");

        // Identity's refusals, said in the reader's language with the rules in force.
        foreach (var (current, replacement, danish) in new[]
        {
            (granted.OneTimePassword!, "kort-1A", "En adgangskode skal have mindst 12 tegn."),
            (granted.OneTimePassword!, "longbutnocapitals-1", "En adgangskode skal have mindst ét stort bogstav (A–Z)."),
            ("not-the-password", "A-brand-new-password-7", "Den nuværende adgangskode er forkert."),
        })
        {
            var form = await client.GetStringAsync("/account/password");
            var refused = await client.PostAsync("/account/password?culture=da", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = LetheServer.AntiforgeryToken(form),
                ["CurrentPassword"] = current,
                ["New"] = replacement,
                ["Confirm"] = replacement,
            }));
            var page = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
            page.ShouldContain(danish, customMessage: replacement);
            page.ShouldNotContain("Passwords must", customMessage: replacement);
        }

        var changed = await LetheServer.ChangePasswordAsync(client, granted.OneTimePassword!, "A-brand-new-password-7");
        changed.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await client.GetAsync("/api/v1/tenants/tenant-a")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
