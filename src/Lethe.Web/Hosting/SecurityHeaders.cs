namespace Lethe.Web.Hosting;

/// <summary>Headers on every response: no inline script, no framing, no MIME sniffing, no referrer leaks.</summary>
public static class SecurityHeaders
{
    private static readonly object ImageOriginKey = new();

    private static readonly object StyleHashKey = new();

    // img-src allows data: for the two-factor QR code, which is rendered server-side as an inline image.
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'{2}; style-src 'self'{1}; img-src 'self' data:{0}; object-src 'none'; " +
        "base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>
    /// Lets this response show images from one more https origin: a tenant's logo on its public pages. Only that
    /// origin, only on that page, so a logo address never opens the console to other hosts' images.
    /// </summary>
    public static void AllowImagesFrom(HttpContext context, Uri image)
    {
        if (image.Scheme == Uri.UriSchemeHttps)
        {
            // The ASCII form of the host: a policy holds no other characters, and none that could end the directive.
            context.Items[ImageOriginKey] = image.IsDefaultPort ? $"https://{image.IdnHost}" : $"https://{image.IdnHost}:{image.Port}";
        }
    }

    /// <summary>Lets this response apply one inline style, named by its hash (<c>sha256-…</c>): a self-contained printable report.</summary>
    public static void AllowInlineStyle(HttpContext context, string hash) => context.Items[StyleHashKey] = hash;

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            var images = context.Items.TryGetValue(ImageOriginKey, out var origin) && origin is string o ? " " + o : "";
            var styles = context.Items.TryGetValue(StyleHashKey, out var hash) && hash is string h ? $" '{h}'" : "";
            var scripts = "";
            if (ApiReference.ScriptNonce(context) is { } nonce)
            {
                // The API reference only: its scripts carry this response's nonce, and the page styles itself at run time.
                // It shows no personal data and takes no input but the public OpenAPI document.
                scripts = $" 'nonce-{nonce}'";
                styles = " 'unsafe-inline'";
            }

            headers.ContentSecurityPolicy = string.Format(System.Globalization.CultureInfo.InvariantCulture, ContentSecurityPolicy, images, styles, scripts);
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            return Task.CompletedTask;
        });
        return next(context);
    });
}
