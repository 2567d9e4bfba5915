using Lethe.Web.Hosting;

namespace Lethe.Web.Security;

/// <summary>
/// A console session's cookie opens the API too, so a page on another site must not be able to make the browser send a
/// change with it. The cookie is <c>SameSite=Strict</c>, but a sibling subdomain is the same site; so a change
/// (POST, PUT, PATCH, DELETE) made with the cookie is refused when the browser says it comes from elsewhere: Fetch
/// Metadata's <c>Sec-Fetch-Site</c> other than <c>same-origin</c> or <c>none</c>, or, from a browser too old to send
/// that, an <c>Origin</c> that is not Lethe's own. Browsers send one or both on every such request; scripts and API
/// keys send neither and pass.
/// </summary>
public static class CrossSiteApiWrites
{
    public static IApplicationBuilder UseCrossSiteApiWriteGuard(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (ErrorResponses.IsApi(context) && !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method)
            && !HttpMethods.IsOptions(context.Request.Method) && context.User.Identity?.IsAuthenticated == true
            && !context.RequestServices.GetRequiredService<PrincipalAccess>().IsApiKey
            && FromElsewhere(context.Request, context.RequestServices.GetRequiredService<Lethe.Common.PublicAddress>().Configured))
        {
            await ErrorResponses.WriteProblemAsync(context, StatusCodes.Status403Forbidden, "Sent from another website.",
                "This change came with your console session from a page that is not Lethe's own, so it was not made. " +
                "Make it in the console, or call the API with an API key.");
            return;
        }

        await next(context);
    });

    /// <summary>Whether the browser says the request was made by a page of another origin.</summary>
    public static bool FromElsewhere(HttpRequest request, string? publicUrl)
    {
        // Fetch Metadata is the browser's own word, which no page can set: when it is there it decides alone, so a
        // same-origin call behind a proxy that changes the scheme or host the server sees is not refused.
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0)
        {
            return site is not ("same-origin" or "none");
        }

        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            return false;
        }

        var own = $"{request.Scheme}://{request.Host}";
        return !string.Equals(origin, own, StringComparison.OrdinalIgnoreCase)
            && !(publicUrl is not null && Uri.TryCreate(publicUrl, UriKind.Absolute, out var configured)
                 && string.Equals(origin, configured.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase));
    }
}
