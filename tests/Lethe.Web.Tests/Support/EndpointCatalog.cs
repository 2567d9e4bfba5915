using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Web.Tests.Support;

/// <summary>One endpoint as routing knows it: the HTTP method (or GET for pages) and the route pattern.</summary>
public sealed record DiscoveredEndpoint(string Method, string Route, bool TakesJsonBody = false)
{
    public override string ToString() => $"{Method} {Route}";
}

/// <summary>Reads every endpoint from the running app's endpoint data source, so no endpoint can be left out of a test.</summary>
public static partial class EndpointCatalog
{
    public static IReadOnlyList<DiscoveredEndpoint> Discover(WebApplication app)
    {
        var sources = app.Services.GetRequiredService<IEnumerable<EndpointDataSource>>();
        return sources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .SelectMany(e =>
            {
                var route = "/" + (e.RoutePattern.RawText ?? "").TrimStart('/');
                var methods = e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods;
                // Razor pages carry no method metadata: one endpoint answers GET and POST.
                var json = e.Metadata.GetMetadata<IAcceptsMetadata>()?.ContentTypes.Contains("application/json") == true;
                return (methods is { Count: > 0 } ? methods : ["GET"]).Select(m => new DiscoveredEndpoint(m, route, json));
            })
            .Distinct()
            .OrderBy(e => e.Route, StringComparer.Ordinal).ThenBy(e => e.Method, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// Every POST handler of every Razor page, read from the pages as the framework loads them: <c>OnPostAsync</c> as
    /// the page's route, <c>OnPostRejectAsync</c> as the route with <c>?handler=Reject</c>.
    /// </summary>
    public static async Task<IReadOnlyList<DiscoveredEndpoint>> DiscoverPagePostsAsync(WebApplication app)
    {
        var loader = app.Services.GetRequiredService<PageLoader>();
        var posts = new List<DiscoveredEndpoint>();
        foreach (var endpoint in app.Services.GetRequiredService<IEnumerable<EndpointDataSource>>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is not { } page)
            {
                continue;
            }

            var compiled = await loader.LoadAsync(page, endpoint.Metadata);
            var route = "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');
            posts.AddRange(compiled.HandlerMethods.Where(h => string.Equals(h.HttpMethod, "POST", StringComparison.OrdinalIgnoreCase))
                .Select(h => new DiscoveredEndpoint("POST", h.Name is { Length: > 0 } name ? $"{route}?handler={name}" : route)));
        }

        return posts.Distinct().OrderBy(e => e.Route, StringComparer.Ordinal).ToList();
    }

    /// <summary>The OpenAPI path of a route: constraints dropped, <c>{keyId:guid}</c> → <c>{keyId}</c>.</summary>
    public static string OpenApiPath(string route) => Constraint().Replace(route, "{$1}");

    [GeneratedRegex(@"\{(\w+):[^}]+\}")]
    private static partial Regex Constraint();
}
