using System.Text.Json;
using Lethe.Storage;
using System.Globalization;
using Lethe.Localization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Lethe.Web.Hosting;

/// <summary>
/// Turns failures that happen outside a handler (unreadable JSON, oversized bodies, unknown routes, denied access, the
/// database out of reach) into RFC 9457 problem details for the API and a plain page for the console.
/// </summary>
public sealed partial class ErrorResponses(IProblemDetailsService problems, ILogger<ErrorResponses> logger) : IExceptionHandler
{
    /// <summary>What a 503 for a database outage asks clients to wait: long enough for a restart or a failover to finish.</summary>
    public const int RetryAfterSeconds = 10;

    public static bool IsApi(HttpContext context) => context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail) = exception switch
        {
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
                (413, "The request body is too large.", $"Send at most {WebSettings.MaxRequestBodyBytes / 1024} KiB."),
            BadHttpRequestException { InnerException: JsonException json } =>
                (400, "The request body is not valid JSON for this endpoint.", Describe(json)),
            BadHttpRequestException bad => (bad.StatusCode, "The request is not valid.", Describe(bad)),
            // A database outage is not a bug: 503 with Retry-After is what clients and balancers know to retry.
            _ when DatabaseOutage.Is(exception) => (503, "The service is briefly unavailable.",
                $"Lethe cannot reach its database just now. Try again in {RetryAfterSeconds} seconds."),
            // Two people changing one thing at once (a request approved while another agent rejects it): the later
            // save is refused whole, which is no bug, and the caller can read the new state and decide again.
            DbUpdateConcurrencyException => (409, "This was changed at the same moment, by someone else or by the same call sent twice.",
                "Nothing of this call was saved. Read it again to see where it stands now, and repeat the call if it still needs doing."),
            _ => (500, "Something went wrong on our side.", "The error has been logged. Try again, and report the trace id if it persists."),
        };

        if (status == 503)
        {
            // A warning without the stack: an outage is no bug to chase (EF Core logs the failure itself).
            logger.LogWarning("Database unavailable on {Method} {Route}: {Error}", context.Request.Method, RouteOf(context),
                exception.GetBaseException().GetType().Name);
            context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        else if (status == 409)
        {
            logger.LogInformation("Refused a change made meanwhile by someone else on {Method} {Route}", context.Request.Method, RouteOf(context));
        }
        else if (status >= 500)
        {
            logger.LogError(exception, "Unhandled error on {Method} {Route}", context.Request.Method, RouteOf(context));
        }

        context.Response.StatusCode = status;
        if (!IsApi(context))
        {
            await WritePageAsync(context, status);
            return true;
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }

    /// <summary>
    /// The route pattern of the endpoint that failed (<c>p/{tenant}/status/{token}</c>), never the path: a path holds
    /// a person's status token, an unsubscribe token or an e-mail link's secret, which must not reach a log file.
    /// </summary>
    public static string RouteOf(HttpContext context)
    {
        // The exception handler clears the endpoint before it runs; the feature keeps the one that threw.
        var endpoint = context.Features.Get<IExceptionHandlerFeature>()?.Endpoint ?? context.GetEndpoint();
        return endpoint is RouteEndpoint { RoutePattern.RawText: { } pattern } ? "/" + pattern.TrimStart('/') : "(no endpoint)";
    }

    /// <summary>For responses that end with a status but no body (404 route, 401, 403, 405).</summary>
    public static async Task WriteStatusAsync(HttpContext context)
    {
        var status = context.Response.StatusCode;
        var (title, detail) = status switch
        {
            400 when IsApi(context) => ("The request is not valid.",
                "A query parameter or the body is not in the form this endpoint takes (a number, a date, true or false, an id). Check the request against /openapi/v1.json."),
            400 => ("The request is not valid.", "It could not be read as sent. Reload the page and try again."),
            401 => ("You are not signed in.", "Send an API key as 'Authorization: Bearer lethe_…', or sign in to the console."),
            403 => ("You are not allowed to do this.", "Your roles do not grant this in this tenant. Ask the tenant's privacy officer for access."),
            404 => ("Not found.", "Nothing exists at this address. Check the URL and the tenant's slug."),
            405 => ("Method not allowed.", "This address does not accept this HTTP method."),
            413 => ("The request body is too large.", $"Send at most {WebSettings.MaxRequestBodyBytes / 1024} KiB."),
            415 => ("Unsupported media type.", "Send the body as application/json."),
            429 => ("Too many requests.", "Wait for the number of seconds in the Retry-After header, then try again."),
            _ => ("The request could not be completed.", $"HTTP status {status}."),
        };

        if (IsApi(context))
        {
            await WriteProblemAsync(context, status, title, detail);
            return;
        }

        await WritePageAsync(context, status);
    }

    /// <summary>Answers with a problem details body, for middleware that decides the answer itself.</summary>
    public static async Task WriteProblemAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }

    private static string Describe(JsonException json) =>
        json.Path is { } path
            ? $"At {path} (line {json.LineNumber + 1}, position {json.BytePositionInLine + 1}): {Plain(FirstSentence(json.Message))}"
            : Plain(FirstSentence(json.Message));

    // The serializer's and the framework's messages name .NET types (Lethe.Web.Requests.RequestsApi+NewRequest), which
    // mean nothing to a client: the cases a client meets are said in terms of the request.
    private static string Plain(string message) =>
        UnmappedMember().Match(message) is { Success: true } unmapped
            ? $"'{unmapped.Groups["name"].Value}' is not a field this endpoint takes; remove it (the fields are listed in /openapi/v1.json)."
            : message.StartsWith("The JSON value could not be converted to ", StringComparison.Ordinal)
                ? "the value there is not of the type this endpoint takes (text, a number, a list or an object); the fields and their types are listed in /openapi/v1.json."
                : message;

    private static string Describe(BadHttpRequestException bad) =>
        bad.Message.StartsWith("Implicit body inferred", StringComparison.Ordinal) || bad.Message.StartsWith("Required parameter", StringComparison.Ordinal)
            ? "This endpoint takes a JSON body, and none was sent (or it was null). Send the object described in /openapi/v1.json."
            : bad.Message;

    [System.Text.RegularExpressions.GeneratedRegex("^The JSON property '(?<name>[^']*)' could not be mapped to any \\.NET member")]
    private static partial System.Text.RegularExpressions.Regex UnmappedMember();

    private static string FirstSentence(string message) =>
        message.Split(" Path:", 2)[0].Split(" LineNumber:", 2)[0];

    /// <summary>
    /// The page a person meets instead of what they asked for, in their language: the request's culture where the
    /// localization middleware has run, else what the request itself asks for (a body refused before it runs).
    /// </summary>
    private static Task WritePageAsync(HttpContext context, int status) => WritePageAsync(context, status, detail: null);

    /// <summary>The error page for <paramref name="status"/>, its detail said by <paramref name="detail"/> (given the page's language) instead of the status's own.</summary>
    public static Task WritePageAsync(HttpContext context, int status, Func<string, string>? detail)
    {
        var language = PageLanguage(context);
        var (title, statusDetail) = PageText(status, language);
        var said = detail?.Invoke(language) ?? statusDetail;
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        // Markup and quotes are encoded; Danish and Norwegian letters are written as themselves (the page is UTF-8).
        var encoder = System.Text.Encodings.Web.HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);
        return context.Response.WriteAsync(
            $"<!DOCTYPE html><html lang=\"{language}\"><head><meta charset=\"utf-8\"><title>{encoder.Encode(title)}</title>" +
            "<link rel=\"stylesheet\" href=\"/assets/lethe.css\"></head><body><main class=\"narrow\">" +
            $"<h1>{encoder.Encode(title)}</h1><p>{encoder.Encode(said)}</p><p><a href=\"{Home(context.Request.Path, language)}\">{encoder.Encode(Texts.Get("page.error.home", language))}</a></p></main></body></html>");
    }

    /// <summary>
    /// Where "Front page" leads: on a company's public pages (<c>/p/{tenant}/…</c>) its privacy centre in the page's
    /// language (the centre takes no cookie, so <c>?culture=</c> is how it keeps one), for the people who use those
    /// pages never sign in to the console at <c>/</c>.
    /// </summary>
    private static string Home(PathString path, string language)
    {
        var segments = (path.Value ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments is ["p", var slug, ..] && PublicSlug().IsMatch(slug) ? $"/p/{slug}?culture={language}" : "/";
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$")]
    private static partial System.Text.RegularExpressions.Regex PublicSlug();

    private static (string Title, string Detail) PageText(int status, string language) => status switch
    {
        400 => (Texts.Get("page.error.400", language), Texts.Get("page.error.400_detail", language)),
        401 => (Texts.Get("page.error.401", language), Texts.Get("page.error.401_detail", language)),
        403 => (Texts.Get("page.error.403", language), Texts.Get("page.error.403_detail", language)),
        404 => (Texts.Get("page.error.404", language), Texts.Get("page.error.404_detail", language)),
        413 => (Texts.Get("page.error.413", language), Texts.Fill(Texts.Get("page.error.413_detail", language),
            new Dictionary<string, string> { ["kib"] = (WebSettings.MaxRequestBodyBytes / 1024).ToString(CultureInfo.InvariantCulture) })),
        429 => (Texts.Get("page.error.429", language), Texts.Get("page.error.429_detail", language)),
        409 => (Texts.Get("page.error.409", language), Texts.Get("page.error.409_detail", language)),
        503 => (Texts.Get("page.error.503", language), Texts.Fill(Texts.Get("page.error.503_detail", language),
            new Dictionary<string, string> { ["seconds"] = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture) })),
        >= 500 => (Texts.Get("page.error.500", language), Texts.Get("page.error.500_detail", language)),
        _ => (Texts.Get("page.error.other", language), Texts.Get("page.error.other_detail", language)),
    };

    /// <summary>The catalogue's language for the request: its culture once localization has run, else <c>?culture=</c>, <c>?lang=</c>, the cookie or the browser's languages.</summary>
    public static string PageLanguage(HttpContext context)
    {
        if (context.Features.Get<IRequestCultureFeature>() is { } feature)
        {
            return Texts.Language(feature.RequestCulture.UICulture.TwoLetterISOLanguageName);
        }

        var query = context.Request.Query;
        var cookie = context.Request.Cookies[CookieRequestCultureProvider.DefaultCookieName] is { } value
            ? CookieRequestCultureProvider.ParseCookieValue(value)?.UICultures.FirstOrDefault().Value
            : null;
        var asked = new[] { query["culture"].ToString(), query["ui-culture"].ToString(), query["lang"].ToString(), cookie }
            .Concat(context.Request.GetTypedHeaders().AcceptLanguage.OrderByDescending(l => l.Quality ?? 1).Select(l => l.Value.Value));
        // Browsers say Norwegian as "nb", "no" or "nn"; Lethe writes bokmål.
        return asked.Select(l => l?.Split('-')[0].ToLowerInvariant() switch { "no" or "nn" => "nb", var code => code })
            .FirstOrDefault(l => l is "en" or "da" or "nb") ?? "en";
    }
}
