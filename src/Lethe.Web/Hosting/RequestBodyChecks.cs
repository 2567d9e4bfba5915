using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace Lethe.Web.Hosting;

/// <summary>
/// Refuses a body that no endpoint can read before any endpoint tries: one whose declared length is over the limit
/// (413), and one whose Content-Type names a charset other than UTF-8 (415).
/// </summary>
/// <remarks>
/// Kestrel enforces the limit only while a body is read, and what reads it decides the answer: the anti-forgery check of
/// a console form took the 413 for a bad token (400), and a public page's model binding bound nothing and went on. The
/// JSON reader behind minimal APIs throws InvalidOperationException on an unknown charset, not a bad-request exception,
/// so <c>charset=bogus</c> was a 500 on every JSON operation, and <c>charset=utf-7</c> throws from Encoding itself.
/// JSON must be UTF-8 (RFC 8259) and the forms and manifests are read as UTF-8, so UTF-8 is the one charset accepted.
/// A body sent without a length is still cut off by Kestrel.
/// </remarks>
public static class RequestBodyChecks
{
    // ASCII is UTF-8 too.
    private static readonly string[] Utf8 = ["utf-8", "utf8", "us-ascii"];

    public static IApplicationBuilder UseRequestBodyChecks(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.Request.ContentLength > WebSettings.MaxRequestBodyBytes)
        {
            // The status code pages write the problem (API) or the page (console), as for Kestrel's own 413.
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }

        if (MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var media) && HeaderUtilities.RemoveQuotes(media.Charset).Value is { Length: > 0 } charset
            && !Utf8.Contains(charset, StringComparer.OrdinalIgnoreCase))
        {
            context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            if (ErrorResponses.IsApi(context))
            {
                await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = StatusCodes.Status415UnsupportedMediaType,
                        Title = "Unsupported charset.",
                        Detail = $"The body's charset '{charset}' is not one Lethe reads. Send it as UTF-8 (charset=utf-8, or no charset).",
                    },
                });
            }

            return;
        }

        await next(context);
    });
}
