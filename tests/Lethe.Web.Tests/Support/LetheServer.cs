using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Lethe.Accounts;
using Lethe.Storage;
using Lethe.Tests.Support;
using Lethe.Web;
using Lethe.Web.Hosting;
using Lethe.Work;
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

    private readonly bool _ownsDatabase;

    private LetheServer(TestDatabase database, WebApplication app, bool ownsDatabase = true)
    {
        Database = database;
        App = app;
        BaseAddress = new Uri(app.Urls.First());
        _ownsDatabase = ownsDatabase;
    }

    public TestDatabase Database { get; }

    public WebApplication App { get; }

    public Uri BaseAddress { get; }

    /// <param name="configuration">Settings as an operator would give them, e.g. <c>Lethe:ForwardedHeaders:KnownProxies</c>.</param>
    /// <param name="configure">Runs after the test defaults, e.g. to add a logger provider that keeps the server's errors.</param>
    public static async Task<LetheServer> StartAsync(
        DatabaseProvider provider = DatabaseProvider.Sqlite, bool httpsRedirection = false, IReadOnlyDictionary<string, string?>? configuration = null,
        Action<WebApplicationBuilder>? configure = null)
    {
        var database = await TestDatabase.CreateAsync(provider, migrate: false);
        return await StartAsync(database, database.Settings, httpsRedirection, configuration, configure);
    }

    /// <summary>A server on a database the caller made, reached through <paramref name="storage"/> (e.g. a connection the test can cut).</summary>
    public static async Task<LetheServer> StartAsync(
        TestDatabase database, StorageSettings storage, bool httpsRedirection = false, IReadOnlyDictionary<string, string?>? configuration = null,
        Action<WebApplicationBuilder>? configure = null) =>
        new(database, await StartAppAsync(database, storage, httpsRedirection, configuration, configure));

    /// <summary>
    /// A second server on this one's database and data directory, as a second machine behind the load balancer would
    /// run; disposing it stops only it. Dispose it before this one, which drops the database.
    /// </summary>
    public async Task<LetheServer> BesideAsync(IReadOnlyDictionary<string, string?>? configuration = null, Action<WebApplicationBuilder>? configure = null) =>
        new(Database, await StartAppAsync(Database, Database.Settings, httpsRedirection: false, configuration, configure, ownsDatabase: false), ownsDatabase: false);

    /// <summary>Once this server's <see cref="WorkListener"/> listens for other servers' work (PostgreSQL only).</summary>
    public Task<ListenerState> ListeningAsync(TimeSpan within) =>
        Eventually.ReachedAsync(() => Task.FromResult(App.Services.GetRequiredService<WorkListener>().State), s => s.Status == ListenerStatus.Listening, "listening", within);

    private static async Task<WebApplication> StartAppAsync(
        TestDatabase database, StorageSettings storage, bool httpsRedirection, IReadOnlyDictionary<string, string?>? configuration,
        Action<WebApplicationBuilder>? configure, bool ownsDatabase = true)
    {
        WebApplication app;
        try
        {
            // As `lethe serve` does: the database prepared while the routes are laid out.
            (app, _) = await LetheWebHost.BuildAndPrepareAsync(
                new WebSettings(storage, "http://127.0.0.1:0", httpsRedirection, AdminPassword),
                CancellationToken.None,
                builder =>
                {
                    builder.Logging.SetMinimumLevel(LogLevel.Warning);
                    // Tests run the workers themselves, when they mean to: a background round would race them.
                    builder.Configuration["Lethe:Worker:IntervalSeconds"] = "0";
                    builder.Configuration[$"{Lethe.Connectors.DatastoreBoundary.AllowedSection}:{Lethe.Connectors.DatastoreBoundary.EveryTenant}"] = TestDatabase.AllowedReferences;
                    foreach (var (key, value) in configuration ?? new Dictionary<string, string?>())
                    {
                        builder.Configuration[key] = value;
                    }

                    configure?.Invoke(builder);
                });
        }
        catch when (ownsDatabase)
        {
            // A setting the server refuses, or a database it cannot prepare, stops it here, before it could start.
            await database.DisposeAsync();
            throw;
        }

        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            if (ownsDatabase)
            {
                await database.DisposeAsync();
            }

            throw;
        }

        return app;
    }

    /// <summary>A client with no credentials that does not follow redirects, so tests see them.</summary>
    /// <param name="from">The loopback address to connect from (any of 127.0.0.0/8), to be another client address.</param>
    public HttpClient Anonymous(IPAddress? from = null)
    {
        var cookies = new CookieContainer();
        var handler = new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = cookies };
        if (from is not null)
        {
            handler.ConnectCallback = async (context, ct) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(from, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
        }

        var client = new HttpClient(handler) { BaseAddress = BaseAddress };
        Cookies.Add(client, cookies);
        return client;
    }

    /// <summary>A new client holding a copy of <paramref name="client"/>'s cookies as they are now, as someone who copied them would.</summary>
    public HttpClient CopyOf(HttpClient client)
    {
        if (!Cookies.TryGetValue(client, out var original))
        {
            throw new InvalidOperationException("Not a client of this server.");
        }

        var copy = Anonymous();
        Cookies.TryGetValue(copy, out var copied);
        foreach (Cookie cookie in original.GetAllCookies())
        {
            copied!.Add(new Cookie(cookie.Name, cookie.Value, cookie.Path, cookie.Domain));
        }

        return copy;
    }

    public HttpClient WithApiKey(string secret)
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", secret);
        return client;
    }

    /// <summary>Signs in through the real sign-in form (anti-forgery token and all) and returns the client holding the cookie.</summary>
    public async Task<HttpClient> SignInAsync(string email, string password = PersonPassword, IPAddress? from = null)
    {
        var client = Anonymous(from);
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

    /// <summary>Replaces the password through the console's own form, as the person would; the form's answer.</summary>
    public static async Task<HttpResponseMessage> ChangePasswordAsync(HttpClient client, string current, string replacement)
    {
        var form = await client.GetStringAsync("/account/password");
        return await client.PostAsync("/account/password", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = AntiforgeryToken(form),
            ["CurrentPassword"] = current,
            ["New"] = replacement,
            ["Confirm"] = replacement,
        }));
    }

    /// <summary>The demo tenant the first run makes (flex4business).</summary>
    public async Task<Lethe.Tenancy.Tenant> DemoTenantAsync()
    {
        await using var scope = Database.Scope();
        return (await scope.ServiceProvider.GetRequiredService<Lethe.Tenancy.TenantCommands>().FindAsync(DemoTenant.Slug, default))!;
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
        if (_ownsDatabase)
        {
            await Database.DisposeAsync();
        }
    }

    private ConditionalWeakTable<HttpClient, CookieContainer> Cookies { get; } = [];

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
