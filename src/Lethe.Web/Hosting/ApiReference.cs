using Scalar.AspNetCore;

namespace Lethe.Web.Hosting;

/// <summary>
/// The API reference for developers at <c>/openapi/reference</c>: Scalar's page over <c>/openapi/v1.json</c>, served from the
/// package itself (no CDN: self-hosted servers often reach none), anonymous like the document it reads.
/// </summary>
public static class ApiReference
{
    public const string Path = "/openapi/reference";

    public static IEndpointConventionBuilder MapApiReference(this IEndpointRouteBuilder app) =>
        app.MapScalarApiReference(Path, options =>
            {
                options.WithTitle("Lethe API reference")
                    .AddPreferredSecuritySchemes("apiKey")
                    .WithOpenApiRoutePattern("/openapi/{documentName}.json")
                    // Each of these would send the reader's browser, or what it reads, to a third party: fonts from
                    // Scalar's host, its usage telemetry, the "Ask AI" agent and MCP, the SDK and deploy tools.
                    .DisableDefaultFonts()
                    .DisableTelemetry()
                    .DisableAgent()
                    .DisableMcp()
                    .HideDeveloperTools()
                    // A fresh nonce per response, which SecurityHeaders puts into the page's script-src.
                    .WithNonce();
            })
            .AllowAnonymous()
            .ExcludeFromDescription();

    /// <summary>The nonce Scalar put on this response's scripts, if it rendered one.</summary>
    public static string? ScriptNonce(HttpContext context) =>
        context.Items.TryGetValue(ScalarOptions.NonceHttpContextItemKey, out var nonce) ? nonce as string : null;
}
