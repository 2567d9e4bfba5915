using System.Reflection;
using System.Text.RegularExpressions;
using Lethe.Web.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Web.Tests.HostileInput;

/// <summary>One way in to a page or operation: the HTTP method, the page handler's name (?handler=) and the form fields it binds.</summary>
public sealed record Handler(string Method, string? Name, IReadOnlyList<string> Fields);

/// <summary>
/// What an endpoint found by <see cref="EndpointCatalog.Discover"/> reads from a request — route parameters, query names,
/// page handlers with their form fields, the JSON body's type — found from its metadata, so a new endpoint or field is
/// fed hostile input without anyone listing it here.
/// </summary>
public sealed partial record EndpointShape(
    DiscoveredEndpoint Endpoint, IReadOnlyList<string> RouteParameters, IReadOnlyList<string> QueryNames, IReadOnlyList<Handler> Handlers, Type? JsonBody,
    bool IsRazorPage)
{
    public string Route => Endpoint.Route;

    public bool IsApi => Route.StartsWith("/api/", StringComparison.Ordinal);

    public override string ToString() => Endpoint.ToString();

    public static async Task<IReadOnlyList<EndpointShape>> DiscoverAsync(WebApplication app)
    {
        var sources = app.Services.GetRequiredService<IEnumerable<EndpointDataSource>>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>().ToList();
        var pages = app.Services.GetRequiredService<PageLoader>();
        var shapes = new List<EndpointShape>();
        foreach (var endpoint in EndpointCatalog.Discover(app))
        {
            var source = sources.First(e => "/" + (e.RoutePattern.RawText ?? "").TrimStart('/') == endpoint.Route
                && (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods is not { Count: > 0 } methods || methods.Contains(endpoint.Method)));
            var parameters = source.RoutePattern.Parameters.Select(p => p.Name).ToList();
            if (source.Metadata.GetMetadata<PageActionDescriptor>() is { } page)
            {
                var compiled = await pages.LoadAsync(page, source.Metadata);
                var bound = compiled.BoundProperties.SelectMany(p => FieldsOf(p.Name, p.ParameterType)).ToList();
                var handlers = compiled.HandlerMethods
                    .Select(h => new Handler(h.HttpMethod.ToUpperInvariant(), h.Name,
                        bound.Concat(h.Parameters.SelectMany(p => FieldsOf(p.Name, p.ParameterType))).Except(parameters).Distinct().ToList()))
                    .ToList();
                var query = handlers.SelectMany(h => h.Fields).Append("handler").Append("culture").Distinct().ToList();
                shapes.Add(new EndpointShape(endpoint, parameters, query, handlers, null, IsRazorPage: true));
                continue;
            }

            var method = source.Metadata.GetMetadata<MethodInfo>();
            var names = method is null ? [] : method.GetParameters().SelectMany(QueryNamesOf).Except(parameters).ToList();
            var body = source.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
            shapes.Add(new EndpointShape(endpoint, parameters, names.Append("culture").Distinct().ToList(), [new Handler(endpoint.Method, null, [])], body, IsRazorPage: false));
        }

        return shapes;
    }

    /// <summary>The route with each parameter replaced: <paramref name="value"/> decides, given the parameter's name.</summary>
    public string Path(Func<string, string> value) => Parameter().Replace(Route, m => value(m.Groups[1].Value));

    private static IEnumerable<string> QueryNamesOf(ParameterInfo parameter)
    {
        if (parameter.GetCustomAttribute<AsParametersAttribute>() is not null)
        {
            return parameter.ParameterType.GetConstructors().SelectMany(c => c.GetParameters()).SelectMany(QueryNamesOf);
        }

        return IsSimple(parameter.ParameterType) && parameter.Name is { } name ? [name] : [];
    }

    /// <summary>The form keys model binding reads for a bound property: <c>Input.Name</c> for a class, <c>Identities[email]</c> for a dictionary.</summary>
    private static IEnumerable<string> FieldsOf(string name, Type type)
    {
        if (IsSimple(type) || type.IsArray || (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>)))
        {
            return [name];
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>))
        {
            return [$"{name}[email]", $"{name}[customer_number]"];
        }

        return type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite && IsSimple(p.PropertyType)).Select(p => $"{name}.{p.Name}");
    }

    private static bool IsSimple(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(Guid) || type == typeof(DateTime)
            || type == typeof(DateTimeOffset) || type == typeof(DateOnly) || type == typeof(decimal);
    }

    [GeneratedRegex(@"\{(\w+)(?::[^}?]+)?\??\}")]
    private static partial Regex Parameter();
}
