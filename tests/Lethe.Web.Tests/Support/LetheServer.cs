using System.Net;
using System.Text.RegularExpressions;
using Lethe.Accounts;
using Lethe.Storage;
using Lethe.Tests.Support;
using Lethe.Web;
using Lethe.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lethe.Web.Tests.Support;

/// <summary>
/// The real Lethe web server on a free loopback port over a real database, as <c>lethe serve</c> runs it, for HTTP
/// and browser tests. Seeded people get known passwords through <see cref="AddPersonAsync"/>.
/// </summary>
public sealed partial class LetheServer : IAsyncDisposable
{
    public const string AdminPassword = "Admin-Password-1";
    public const string PersonPassword = "Person-Password-1";

    private LetheServer(TestDatabase database, WebApplication app)
    {
        Database = database;
        App = app;
        BaseAddress = new Uri(app.Urls.First());
    }

    public TestDatabase Database { get; }

    public WebApplication App { get; }

    public Uri BaseAddress { get; }

    /// <param name="configure">Runs after the test defaults, e.g. to add a logger provider that keeps the server's errors.</param>
    public static async Task<LetheServer> StartAsync(
        DatabaseProvider provider = DatabaseProvider.Sqlite, bool httpsRedirection = false, Action<WebApplicationBuilder>? configure = null)
    {
        var database = await TestDatabase.CreateAsync(provider, migrate: false);
        var app = LetheWebHost.Build(
            new WebSettings(database.Settings, "http://127.0.0.1:0", httpsRedirection, AdminPassword),
            builder =>
            {
                builder.Logging.SetMinimumLevel(LogLevel.Warning);
                // Tests run the workers themselves, when they mean to: a background round would race them.
                builder.Configuration["Lethe:Worker:IntervalSeconds"] = "0";
                configure?.Invoke(builder);
            });
        await LetheWebHost.PrepareAsync(app, CancellationToken.None);
        await app.StartAsync();
        return new LetheServer(database, app);
    }

    /// <summary>A client with no credentials that does not follow redirects, so tests see them.</summary>
    public HttpClient Anonymous() => new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
    {
        BaseAddress = BaseAddress,
    };

    public HttpClient WithApiKey(string secret)
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", secret);
        return client;
    }

    /// <summary>Signs in through the real sign-in form (anti-forgery token and all) and returns the client holding the cookie.</summary>
    public async Task<HttpClient> SignInAsync(string email, string password = PersonPassword)
    {
        var client = Anonymous();
        var form = await client.GetStringAsync("/signin");
        var response = await client.PostAsync("/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = AntiforgeryToken(form),
            ["Email"] = email,
            ["Password"] = password,
        }));
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Sign-in as {email} answered {(int)response.StatusCode}, not a redirect.");
        }

        return client;
    }

    /// <summary>Grants a role and sets a known password, as if the person had already replaced the one-time one.</summary>
    public async Task<LetheUser> AddPersonAsync(string email, Lethe.Tenancy.Role role, Lethe.Tenancy.Tenant? tenant = null, Guid? resellerId = null)
    {
        var granted = await Database.GrantAsync(email, role, tenant, resellerId);
        await using var scope = Database.Scope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<LetheUser>>();
        var user = (await users.FindByIdAsync(granted.User.Id))!;
        if (granted.OneTimePassword is { } oneTime)
        {
            (await users.ChangePasswordAsync(user, oneTime, PersonPassword)).Succeeded.ShouldBeTrue();
            user.MustChangePassword = false;
            await users.UpdateAsync(user);
        }

        return user;
    }

    public static string AntiforgeryToken(string html) =>
        TokenPattern().Match(html) is { Success: true } match
            ? WebUtility.HtmlDecode(match.Groups[1].Value)
            : throw new InvalidOperationException("The page has no anti-forgery token.");

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        await Database.DisposeAsync();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
