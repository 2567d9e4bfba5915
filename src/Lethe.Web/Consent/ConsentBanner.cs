using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Lethe.Audit;
using Lethe.Consent;
using Lethe.DataMap;
using Lethe.Localization;
using Lethe.Notices;
using Lethe.Web.Api;
using Lethe.Web.PrivacyCentre;
using Lethe.Web.Security;
using Microsoft.Extensions.Options;

namespace Lethe.Web.Consent;

/// <summary>
/// The website banner: <c>/p/{tenant}/consent.js</c> (the script with the tenant's purposes and texts built in),
/// <c>/p/{tenant}/consent.css</c>, and <c>POST /p/{tenant}/consent</c> where the banner records each choice in the
/// consent log. Anonymous by nature: the banner runs on the company's own website for visitors nobody knows.
/// </summary>
public static class ConsentBanner
{
    public const int MaxBody = 8 * 1024;

    private static readonly AuditActor Banner = new("browser", null, "the website banner");

    private static readonly Lazy<string> Script = new(() => Embedded("Lethe.Web.Assets.consent.js"));

    private static readonly Lazy<string> Stylesheet = new(() => Embedded("Lethe.Web.Assets.consent.css"));

    // Buttons of one level and prominence: the same words' weight in every language. The keys and their order are part
    // of the texts' hash a consent event records, so they stay as they are.
    private static readonly Dictionary<string, Dictionary<string, string>> BannerTexts = Texts.Languages.ToDictionary(l => l, l => new Dictionary<string, string>
    {
        ["title"] = Texts.Get("banner.title", l), ["intro"] = Texts.Get("banner.intro", l),
        ["accept"] = Texts.Get("banner.accept", l), ["reject"] = Texts.Get("banner.reject", l), ["customise"] = Texts.Get("banner.customise", l),
        ["save"] = Texts.Get("banner.save", l), ["policy"] = Texts.Get("banner.policy", l), ["gpc"] = Texts.Get("banner.gpc", l),
        ["shared"] = Texts.Get("banner.shared_with", l), ["theirPolicy"] = Texts.Get("banner.their_policy", l),
    });

    public static IEndpointRouteBuilder MapConsentBanner(this IEndpointRouteBuilder app)
    {
        app.MapGet("/p/{tenant}/consent.js", ScriptAsync).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/p/{tenant}/consent.css", Css).AllowAnonymous().ExcludeFromDescription();
        app.MapPost("/p/{tenant}/consent", RecordAsync).AllowAnonymous().ExcludeFromDescription().DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> ScriptAsync(
        HttpContext http, CurrentTenant current, DataMapCommands dataMap, NoticeCommands notices, IOptions<ConsentOptions> options, Lethe.Common.PublicAddress address,
        CancellationToken ct)
    {
        if (await current.GetAsync(ct) is not { } tenant || await dataMap.InForceAsync(tenant, ConsentLog.Fresh, ct) is not { } inForce)
        {
            return TypedResults.NotFound();
        }

        // Only what the banner asks for: a newsletter is signed up for with an address, never accepted here.
        var purposes = ConsentPurpose.From(inForce.Manifest).Where(p => p.InBanner).ToList();
        var notice = (await notices.LatestAsync(tenant, ct))?.Number;
        // The script is cached for minutes by browsers and any proxy between: the addresses it posts to come from the
        // configured public address, never from a Host header a client chose, so no cache can be handed a script that
        // sends people's choices elsewhere. Without one configured, the answer varies by Host and says so.
        var origin = address.Configured?.TrimEnd('/');
        if (origin is null)
        {
            origin = $"{http.Request.Scheme}://{http.Request.Host}";
            http.Response.Headers.Vary = "Host";
        }

        var config = new Dictionary<string, object?>
        {
            ["tenant"] = tenant.Slug,
            // A new data map revision or notice changes what was asked: the banner asks again.
            ["version"] = $"r{inForce.Revision.Revision}n{notice ?? 0}",
            ["notice"] = notice,
            ["purposes"] = purposes.Select(p => new
            {
                key = p.Key, refusable = p.Refusable, title = p.BannerLabel.Values, description = p.BannerDescription?.Values,
                recipients = p.Recipients.Select(r => new { name = r.Name, policy = r.PolicyUrl }),
            }),
            ["marketing"] = purposes.Where(p => p.Kind == PurposeKind.Marketing).Select(p => p.Key),
            ["texts"] = BannerTexts,
            ["textsHash"] = BannerTexts.Keys.ToDictionary(l => l, l => TextsHash(l, purposes)),
            ["endpoint"] = $"{origin}/p/{tenant.Slug}/consent",
            ["css"] = $"{origin}/p/{tenant.Slug}/consent.css",
            ["policy"] = $"{origin}/p/{tenant.Slug}/privacy",
            ["maxAge"] = (long)options.Value.BrowserLifetime.TotalSeconds,
        };
        http.Response.Headers.CacheControl = "public, max-age=300";
        var body = "!function(LETHE_CONFIG){" + Script.Value + "}(" + JsonSerializer.Serialize(config) + ");\n";
        return TypedResults.Text(body, "text/javascript; charset=utf-8");
    }

    private static IResult Css(HttpContext http)
    {
        http.Response.Headers.CacheControl = "public, max-age=3600";
        return TypedResults.Text(Stylesheet.Value, "text/css; charset=utf-8");
    }

    // One instance for the process: options hold the serializer's per-type caches, built anew for every new instance.
    private static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web) { MaxDepth = Lethe.Common.InputLimits.MaxDepth };

    /// <summary>One choice from the banner, sent as text/plain so no preflight is needed from the company's website.</summary>
    private static async Task<IResult> RecordAsync(HttpContext http, CurrentTenant current, ConsentLog log, PublicRateLimits limits, CancellationToken ct)
    {
        if (await current.GetAsync(ct) is not { } tenant)
        {
            return TypedResults.NotFound();
        }

        if (limits.TryRecordConsent(http.Connection.RemoteIpAddress?.ToString()) is { } wait)
        {
            http.Response.Headers.RetryAfter = wait.ToString(CultureInfo.InvariantCulture);
            return TypedResults.Problem("Too many consent events from here; try again later.", statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests.");
        }

        BannerEvent? e;
        try
        {
            using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
            var buffer = new char[MaxBody + 1];
            var read = await reader.ReadBlockAsync(buffer, ct);
            if (read > MaxBody)
            {
                return ProblemResults.From(Lethe.Common.InvalidInput.For("body", $"A consent event is at most {MaxBody} bytes."));
            }

            e = JsonSerializer.Deserialize<BannerEvent>(new string(buffer, 0, read), WebJson);
        }
        catch (JsonException)
        {
            return ProblemResults.From(Lethe.Common.InvalidInput.For("body", "Send the banner's event as JSON."));
        }

        if (e is null)
        {
            return ProblemResults.From(Lethe.Common.InvalidInput.For("body", "Send the banner's event as JSON."));
        }

        // The header is the browser's own word; only "1" means the signal is on (GPC spec).
        var gpc = e.Gpc == true || http.Request.Headers["Sec-GPC"] == "1";
        var recorded = await log.RecordAsync(tenant, Banner,
            [new ConsentInput(ConsentSubject.Browser, e.Browser, e.Action, e.Purposes, "banner", e.NoticeVersion, e.TextsHash, gpc, e.Language)], ct);
        return recorded.Succeeded ? TypedResults.NoContent() : ProblemResults.From(recorded.Failure);
    }

    private static string TextsHash(string language, IReadOnlyList<ConsentPurpose> purposes) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(new
        {
            texts = BannerTexts[language],
            purposes = purposes.Select(p => new
            {
                p.Key, title = p.BannerLabel.In(language), description = p.BannerDescription?.In(language), recipients = p.Recipients.Select(r => new[] { r.Name, r.PolicyUrl }),
            }),
        })));

    private static string Embedded(string name)
    {
        using var stream = typeof(ConsentBanner).Assembly.GetManifestResourceStream(name) ?? throw new InvalidOperationException($"{name} is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private sealed record BannerEvent(string? Browser, string? Action, List<string>? Purposes, string? Language, string? TextsHash, bool? Gpc, int? NoticeVersion);
}
