using Lethe.Tenancy;
using Lethe.Web.Security;

namespace Lethe.Web.PrivacyCentre;

/// <summary>
/// <c>/p/{tenant}/theme.css</c>: the tenant's colour on its public pages. A stylesheet of its own because the pages'
/// policy allows no inline style; the colour is validated <c>#rrggbb</c>, so nothing but a colour reaches the CSS.
/// </summary>
public static class TenantTheme
{
    public static IEndpointRouteBuilder MapTenantTheme(this IEndpointRouteBuilder app)
    {
        app.MapGet("/p/{tenant}/theme.css", CssAsync).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> CssAsync(HttpContext http, CurrentTenant current, CancellationToken ct)
    {
        if (await current.GetAsync(ct) is not { } tenant)
        {
            return TypedResults.NotFound();
        }

        // The pages link it with the colour in the address, so a changed colour is a new address and may be cached long.
        http.Response.Headers.CacheControl = "public, max-age=86400";
        return TypedResults.Text(Css(AccentColour.TryParse(tenant.AccentColour)), "text/css; charset=utf-8");
    }

    /// <summary>
    /// The brand colour for the header stripe, buttons and chosen boxes with black or white text on it, whichever reads
    /// better; links take the colour only when it reads on white (4.5:1), else they keep Lethe's own blue.
    /// </summary>
    public static string Css(AccentColour? colour) => colour is null
        ? ""
        : $":root {{ --brand: {colour.Hex}; --on-brand: {colour.TextOn};{(colour.ReadableOnWhite ? $" --link: {colour.Hex};" : "")} }}\n";
}
