using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lethe.Requests;
using Lethe.Tenancy;
using Lethe.Tests.Support;
using Lethe.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lethe.Web.Tests.HostileInput;

/// <summary>
/// Who sends a corpus: the headers that sign it in (per tenant, for API keys), the anti-forgery token its forms carry, and
/// an address that answers 200 only while it is still signed in.
/// </summary>
public sealed record Caller(string Name, Func<string, IReadOnlyList<(string Name, string Value)>> Headers, string? FormToken, string? SignedInProbe)
{
    public override string ToString() => Name;
}

/// <summary>
/// One server per corpus test class, with real things for every route to name (tenants, a request and its manual step,
/// a hold, a receipt, a notice, each kind of e-mailed token) and a caller of each kind: a platform admin's console
/// session (every permission, so every handler runs), an API key with every scope, and nobody.
/// </summary>
public sealed class HostileServer : IAsyncLifetime
{
    /// <summary>Requests, retention, the privacy centre and notices: the small-business data map with its ERP connected.</summary>
    public const string Shop = "tenant-a";

    /// <summary>Consent and the newsletter: the demo tenant, whose data map asks consent for statistics, marketing and the newsletter.</summary>
    public const string Consenting = "flex4business";

    public ServerErrors Errors { get; } = new();

    public LetheServer Server { get; private set; } = null!;

    public RawHttp Http { get; private set; } = null!;

    public Caller Admin { get; private set; } = null!;

    /// <summary>For the pages that may end or renew a session (sign-out, the account's password and two-factor key), so the session the rest of the corpus is sent with lives on.</summary>
    public Caller LeavingAdmin { get; private set; } = null!;

    public Caller Key { get; private set; } = null!;

    public Caller Nobody { get; private set; } = null!;

    private readonly Dictionary<string, string> _real = [];

    public async Task InitializeAsync()
    {
        Server = await LetheServer.StartAsync(configure: b => b.Logging.AddProvider(Errors));
        Http = new RawHttp(Server.BaseAddress);
        var shop = await ShopTenant.CreateAsync(Server, Shop);
        Tenant consenting;
        await using (var scope = Server.Database.Scope())
        {
            consenting = (await scope.ServiceProvider.GetRequiredService<TenantCommands>().FindAsync(Consenting, default))!;
        }

        var scopes = ApiKeyScopes.Names.ToArray();
        var shopKey = (await Server.Database.IssueKeyAsync(shop.Tenant, scopes)).Secret;
        var consentKey = (await Server.Database.IssueKeyAsync(consenting, scopes)).Secret;
        Key = new Caller("an API key with every scope", slug => [("Authorization", "Bearer " + (slug == Consenting ? consentKey : shopKey))], null, $"/api/v1/tenants/{Shop}");
        await Server.AddPersonAsync("root@lethe.test", Role.PlatformAdmin);
        await Server.AddPersonAsync("leaving@lethe.test", Role.PlatformAdmin);
        Admin = await SignInAsync("a platform admin's console session", "root@lethe.test");
        LeavingAdmin = await SignInAsync("a platform admin's console session", "leaving@lethe.test");
        Nobody = await AnonymousAsync();

        using var api = Server.WithApiKey(shopKey);
        await RealThingsAsync(api, shop);
        using var consentApi = Server.WithApiKey(consentKey);
        await ConsentThingsAsync(consentApi);
    }

    /// <summary>The real value for a route parameter, so the handler behind it finds something and runs to the end.</summary>
    public string Real(string route, string parameter) => parameter switch
    {
        "tenant" => TenantFor(route),
        "id" when route.Contains("/holds/", StringComparison.Ordinal) => _real["hold"],
        "id" when route.Contains("/receipts/", StringComparison.Ordinal) => _real["receipt"],
        "id" => _real["request"],
        "step" => _real["step"],
        "keyId" => _real["key"],
        "userId" => _real["user"],
        "role" => nameof(Role.Agent),
        "record" => "controller",
        "number" => "1",
        "documentName" => "v1",
        "token" when route.Contains("/status/", StringComparison.Ordinal) => _real["status"],
        "token" when route.Contains("/verify/", StringComparison.Ordinal) => _real["verify"],
        "token" when route.Contains("/newsletter/confirm/", StringComparison.Ordinal) => _real["confirm"],
        "token" when route.Contains("/unsubscribe/", StringComparison.Ordinal) => _real["unsubscribe"],
        "token" when route.Contains("/preferences/", StringComparison.Ordinal) => _real["preferences"],
        _ => "no-such-" + parameter,
    };

    public static string TenantFor(string route) =>
        route.Contains("consent", StringComparison.Ordinal) || route.Contains("newsletter", StringComparison.Ordinal)
        || route.Contains("preferences", StringComparison.Ordinal) || route.Contains("unsubscribe", StringComparison.Ordinal)
            ? Consenting
            : Shop;

    public async Task DisposeAsync() => await Server.DisposeAsync();

    private async Task<Caller> SignInAsync(string name, string email)
    {
        var cookies = new CookieContainer();
        using var client = Client(cookies);
        var form = await client.GetStringAsync("/signin");
        var signedIn = await client.PostAsync("/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = LetheServer.AntiforgeryToken(form), ["Email"] = email, ["Password"] = LetheServer.PersonPassword,
        }));
        signedIn.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        // The anti-forgery token is bound to the person: take it from a console page once signed in.
        var token = LetheServer.AntiforgeryToken(await client.GetStringAsync($"/t/{Shop}/data-map/import"));
        var cookie = cookies.GetCookieHeader(Server.BaseAddress);
        return new Caller(name, _ => [("Cookie", cookie)], token, "/api/v1/me");
    }

    private async Task<Caller> AnonymousAsync()
    {
        var cookies = new CookieContainer();
        using var client = Client(cookies);
        var token = LetheServer.AntiforgeryToken(await client.GetStringAsync("/signin"));
        var cookie = cookies.GetCookieHeader(Server.BaseAddress);
        return new Caller("nobody", _ => [("Cookie", cookie)], token, null);
    }

    private HttpClient Client(CookieContainer cookies) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies }) { BaseAddress = Server.BaseAddress };

    private async Task RealThingsAsync(HttpClient api, ShopTenant shop)
    {
        // A request as far as it goes here: approved, run, with a manual step waiting (the paper archive).
        var created = await api.PostAsJsonAsync($"/api/v1/tenants/{Shop}/requests", new
        {
            type = "access", identities = new[] { new { type = "customer_number", value = await shop.CustomerNumberAsync() } }, channel = "controller",
            identityCheck = "signed in to the customer portal",
        });
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var location = created.Headers.Location!.OriginalString;
        (await api.PostAsync(location + "/approve", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await Server.App.Services.GetRequiredService<RequestWorker>().RunDueAsync(default);
        var detail = JsonDocument.Parse(await api.GetStringAsync(location)).RootElement;
        _real["request"] = detail.GetProperty("id").GetString()!;
        _real["step"] = detail.GetProperty("steps").EnumerateArray().First(s => s.GetProperty("status").GetString() == "waiting").GetProperty("id").GetString()!;

        var held = await api.PostAsJsonAsync($"/api/v1/tenants/{Shop}/retention/holds", new { scope = "collection", collection = "erp.db.orders", reason = "Audit by the tax authority" });
        held.StatusCode.ShouldBe(HttpStatusCode.Created, await held.Content.ReadAsStringAsync());
        _real["hold"] = JsonDocument.Parse(await held.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        (await api.PostAsync($"/api/v1/tenants/{Shop}/notices", null)).StatusCode.ShouldBe(HttpStatusCode.Created);
        _real["user"] = (await Server.AddPersonAsync("victim@lethe.test", Role.Agent, shop.Tenant)).Id;
        _real["key"] = (await Server.Database.IssueKeyAsync(shop.Tenant, "tenant:read")).Key.Id.ToString();

        // The privacy centre's tokens, as the person gets them by e-mail: the link to confirm, then the status link.
        using var person = Client(new CookieContainer());
        (await person.PostAsync($"/p/{Shop}", new FormUrlEncodedContent(new Dictionary<string, string> { ["Types"] = "access", ["Email"] = "ida@example.dk" })))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var verify = new Uri(ServerMailbox.Link((await ServerMailbox.DeliverAndReadAsync(Server, "ida@example.dk")).Single(), "/verify/"));
        _real["verify"] = verify.AbsolutePath.Split('/')[^1];
        // What the link's button does: the token goes back as the code.
        var verified = await person.PostAsync($"/p/{Shop}/verify", new FormUrlEncodedContent(new Dictionary<string, string> { ["Code"] = _real["verify"] }));
        verified.StatusCode.ShouldBe(HttpStatusCode.Redirect, await verified.Content.ReadAsStringAsync());
        _real["status"] = verified.Headers.Location!.OriginalString.Split('?')[0].Split('/')[^1];
    }

    private async Task ConsentThingsAsync(HttpClient api)
    {
        var recorded = await api.PostAsJsonAsync($"/api/v1/tenants/{Consenting}/consent/events", new
        {
            subject = new { type = "person", value = "ida@example.dk" }, action = "given", purposes = new[] { "newsletter" }, channel = "api",
        });
        recorded.StatusCode.ShouldBe(HttpStatusCode.Created, await recorded.Content.ReadAsStringAsync());
        _real["receipt"] = JsonDocument.Parse(await recorded.Content.ReadAsStringAsync()).RootElement[0].GetProperty("receipt").GetString()!;

        var links = await api.PostAsJsonAsync($"/api/v1/tenants/{Consenting}/consent/unsubscribe-links", new { emails = new[] { "ida@example.dk" } });
        links.StatusCode.ShouldBe(HttpStatusCode.OK, await links.Content.ReadAsStringAsync());
        _real["unsubscribe"] = new Uri(JsonDocument.Parse(await links.Content.ReadAsStringAsync()).RootElement[0].GetProperty("url").GetString()!).AbsolutePath.Split('/')[^1];

        using var person = Client(new CookieContainer());
        await person.PostAsync($"/p/{Consenting}/newsletter", new FormUrlEncodedContent(new Dictionary<string, string> { ["Email"] = "kari@example.no" }));
        await person.PostAsync($"/p/{Consenting}/preferences", new FormUrlEncodedContent(new Dictionary<string, string> { ["Email"] = "kari@example.no" }));
        var mail = await ServerMailbox.DeliverAndReadAsync(Server, "kari@example.no");
        _real["confirm"] = LastSegment(mail, "/newsletter/confirm/");
        _real["preferences"] = LastSegment(mail, "/preferences/");
    }

    private static string LastSegment(IReadOnlyList<MimeKit.MimeMessage> mail, string path) =>
        new Uri(ServerMailbox.Link(mail.First(m => (m.TextBody ?? "").Contains(path, StringComparison.Ordinal)), path)).AbsolutePath.Split('/')[^1];
}
