using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Metadata;
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

    /// <summary>The OpenAPI path of a route: constraints dropped, <c>{keyId:guid}</c> → <c>{keyId}</c>.</summary>
    public static string OpenApiPath(string route) => Constraint().Replace(route, "{$1}");

    [GeneratedRegex(@"\{(\w+):[^}]+\}")]
    private static partial Regex Constraint();
}
