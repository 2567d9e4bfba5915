using System.Reflection;
using System.Text;
using System.Text.Json;
using Lethe.Web.Tests.Support;

namespace Lethe.Web.Tests.HostileInput;

/// <summary>One request of the corpus, as it goes on the wire.</summary>
public sealed record HostileRequest(string Kind, string Method, string Target, IReadOnlyList<(string Name, string Value)> Headers, byte[]? Body = null);

/// <summary>
/// Turns an endpoint's shape and the corpus into requests. Everything but the part under attack is real (the tenant,
/// the ids, the anti-forgery token), so the request gets past routing and authorization into the handler.
/// </summary>
public static class HostileRequests
{
    /// <summary>Just under the 1 MiB body limit, with room for the JSON or form around it.</summary>
    public const int AlmostTheLimit = 1_000_000;

    public const int OverTheLimit = 1_200_000;

    private static readonly (string, string)[] Json = [("Content-Type", "application/json")];

    private static readonly (string, string)[] Form = [("Content-Type", "application/x-www-form-urlencoded")];

    /// <summary>Each route parameter in turn replaced by each hostile segment.</summary>
    public static IEnumerable<HostileRequest> RouteValues(EndpointShape shape, HostileServer host, Caller caller) =>
        from handler in shape.Handlers
        from parameter in shape.RouteParameters
        from segment in HostileValues.Segments
        let target = shape.Path(p => p == parameter ? segment : host.Real(shape.Route, p)) + HandlerQuery(handler, "?")
        let plain = PlainBody(shape, handler, caller)
        select new HostileRequest($"{{{parameter}}} = {HostileValues.Describe(segment)}", handler.Method, target, plain.Headers, plain.Body);

    /// <summary>Every query name the endpoint reads set to each hostile value, then query strings broken as a whole.</summary>
    public static IEnumerable<HostileRequest> QueryStrings(EndpointShape shape, HostileServer host, Caller caller)
    {
        var path = RealPath(shape, host);
        foreach (var handler in shape.Handlers)
        {
            var plain = PlainBody(shape, handler, caller);
            var names = handler.Name is null ? shape.QueryNames : shape.QueryNames.Where(n => n != "handler").ToList();
            var queries = HostileValues.QueryValues.Select(v => "?" + string.Join('&', names.Select(n => $"{n}={v}"))).Concat(HostileValues.QueryShapes(names));
            foreach (var query in queries)
            {
                yield return new HostileRequest($"query {HostileValues.Describe(query)}", handler.Method, path + query + HandlerQuery(handler, "&"), plain.Headers, plain.Body);
            }
        }
    }

    /// <summary>JSON, YAML or form bodies, as the endpoint reads: broken, deep, wrongly typed, not UTF-8, 1 MB, and of other media types.</summary>
    public static IEnumerable<HostileRequest> Bodies(EndpointShape shape, HostileServer host, Caller caller)
    {
        var path = RealPath(shape, host);
        foreach (var handler in shape.Handlers.Where(h => h.Method is not ("GET" or "HEAD")))
        {
            var target = path + HandlerQuery(handler, "?");
            var bodies = shape.IsRazorPage ? FormBodies(handler, caller) : IsManifest(shape) ? YamlBodies() : JsonBodies(shape);
            foreach (var (kind, headers, body) in bodies.Concat(OtherMediaTypes(shape, handler, caller)))
            {
                yield return new HostileRequest(kind, handler.Method, target, headers, body);
            }
        }
    }

    /// <summary>Headers a browser or proxy would never send like this: languages, cookies, credentials, forwarding.</summary>
    public static IEnumerable<HostileRequest> Headers(EndpointShape shape, HostileServer host, Caller caller)
    {
        var path = RealPath(shape, host);
        (string, string)[] headers =
        [
            ("Accept-Language", "xx-XX;q=abc, *;q=-1, " + new string('a', 1000)), ("Accept-Language", "\u00e6\u00f8"), ("Accept-Language", ",,,;;;"),
            ("Cookie", ".AspNetCore.Culture=c%3D%00%7Cuic%3Dxx"), ("Cookie", ".AspNetCore.Culture=" + new string('x', 4000)),
            ("Cookie", "lethe.auth=garbage; lethe.csrf=garbage"), ("Cookie", "lethe.auth=CfDJ8" + new string('A', 3000)),
            ("Authorization", "Bearer lethe_x"), ("Authorization", "Bearer lethe_" + new string('A', 64) + "_" + new string('B', 64)),
            ("Authorization", "Bearer " + new string('A', 6000)), ("Authorization", "Bearer"), ("Authorization", "Basic Og=="), ("Authorization", "Bearer lethe_\u00ff"),
            ("X-Forwarded-For", "not-an-address, 999.999.999.999, ::1"), ("X-Forwarded-Proto", "javascript"), ("X-Forwarded-Host", "evil.example"),
            ("Sec-GPC", "1, 1"), ("Content-Type", "application/json; charset=bogus"), ("Accept", "application/problem+json;q=x"),
            ("Range", "bytes=999999999999-"), ("If-None-Match", "\"" + new string('x', 5000) + "\""), ("Transfer-Encoding", "gzip"),
        ];
        foreach (var handler in shape.Handlers.Take(1))
        {
            var plain = PlainBody(shape, handler, caller);
            foreach (var header in headers)
            {
                var all = plain.Headers.Where(h => h.Name != header.Item1).Append(header).ToList();
                yield return new HostileRequest($"header {header.Item1}: {HostileValues.Describe(header.Item2)}", handler.Method, path + HandlerQuery(handler, "?"), all, plain.Body);
            }
        }
    }

    /// <summary>A body of 1.2 MB, of the media type the endpoint reads, for each way in that takes a body.</summary>
    public static IEnumerable<HostileRequest> OversizedBodies(EndpointShape shape, HostileServer host, Caller caller) =>
        from handler in shape.Handlers.Where(h => h.Method is "POST" or "PUT")
        let plain = PlainBody(shape, handler, caller)
        let big = Pad(plain, OverTheLimit)
        select new HostileRequest("a body over the limit", handler.Method, RealPath(shape, host) + HandlerQuery(handler, "?"), plain.Headers, big);

    /// <summary>For <see cref="OversizedBodies"/>: where the body is read, an oversized one is refused with 413 and nothing else.</summary>
    public static string? RefusedAsTooLarge(EndpointShape shape, HostileRequest request, RawResponse response) =>
        ReadsBody(shape, shape.Handlers.First(h => h.Method == request.Method)) && response.Status != 413 ? $"{response.Status}, not 413" : null;

    private static bool ReadsBody(EndpointShape shape, Handler handler) =>
        shape.IsRazorPage ? handler.Method == "POST" : shape.JsonBody is not null || IsManifest(shape) || IsBanner(shape) || shape.Route.Contains("/webhooks/", StringComparison.Ordinal);

    private static string RealPath(EndpointShape shape, HostileServer host) => shape.Path(p => host.Real(shape.Route, p));

    private static string HandlerQuery(Handler handler, string separator) => handler.Name is null ? "" : $"{separator}handler={handler.Name}";

    private static bool IsManifest(EndpointShape shape) => shape.Route.EndsWith("/manifest", StringComparison.Ordinal);

    private static bool IsBanner(EndpointShape shape) => shape.Route == "/p/{tenant}/consent";

    /// <summary>The harmless body each way in needs to get to its handler: the form's anti-forgery token, an empty JSON object, a YAML line.</summary>
    private static (IReadOnlyList<(string Name, string Value)> Headers, byte[]? Body) PlainBody(EndpointShape shape, Handler handler, Caller caller)
    {
        if (handler.Method is "GET" or "HEAD")
        {
            return ([], null);
        }

        if (shape.IsRazorPage)
        {
            return (Form, Encoding.UTF8.GetBytes(Token(caller)));
        }

        return IsManifest(shape) ? ([("Content-Type", "application/yaml")], "lethe: 1\n"u8.ToArray())
            : IsBanner(shape) ? ([("Content-Type", "text/plain")], "{}"u8.ToArray())
            : (Json, "{}"u8.ToArray());
    }

    /// <summary>The plain body grown to <paramref name="size"/> bytes inside a value, so it stays well-formed.</summary>
    private static byte[] Pad((IReadOnlyList<(string Name, string Value)> Headers, byte[]? Body) plain, int size)
    {
        var media = plain.Headers.FirstOrDefault(h => h.Name == "Content-Type").Value ?? "application/json";
        var text = Encoding.UTF8.GetString(plain.Body ?? []);
        return Encoding.UTF8.GetBytes(media switch
        {
            "application/x-www-form-urlencoded" => text + "&padding=" + new string('x', size),
            "application/yaml" => text + "padding: '" + new string('x', size) + "'\n",
            _ => "{\"padding\":\"" + new string('x', size) + "\"}",
        });
    }

    private static string Token(Caller caller) => caller.FormToken is { } token ? "__RequestVerificationToken=" + Uri.EscapeDataString(token) : "";

    private static IEnumerable<(string, IReadOnlyList<(string, string)>, byte[])> JsonBodies(EndpointShape shape)
    {
        var fields = shape.JsonBody?.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name)).ToList() ?? [];
        if (fields.Count == 0)
        {
            fields = ["name"];
        }

        string Object(Func<string, string> value) => "{" + string.Join(',', fields.Select(f => $"\"{f}\":{value(f)}")) + "}";

        foreach (var text in HostileValues.Texts)
        {
            yield return ($"every field {HostileValues.Describe(text)}", Json, Encoding.UTF8.GetBytes(Object(_ => JsonSerializer.Serialize(text))));
        }

        foreach (var value in HostileValues.JsonValues)
        {
            yield return ($"every field {value}", Json, Encoding.UTF8.GetBytes(Object(_ => value)));
        }

        yield return ($"{fields[0]} nested 100,000 deep", Json, Encoding.UTF8.GetBytes(Object(f => f == fields[0] ? new string('[', 100_000) + new string(']', 100_000) : "null")));
        yield return ($"{fields[0]} of a megabyte", Json, Encoding.UTF8.GetBytes(Object(f => f == fields[0] ? "\"" + new string('x', AlmostTheLimit) + "\"" : "null")));
        foreach (var (kind, body) in HostileValues.JsonBodies())
        {
            yield return (kind, Json, body);
        }
    }

    private static IEnumerable<(string, IReadOnlyList<(string, string)>, byte[])> YamlBodies() =>
        HostileValues.YamlBodies().Select(b => (b.Kind, (IReadOnlyList<(string, string)>)[("Content-Type", "application/yaml")], b.Body));

    private static IEnumerable<(string, IReadOnlyList<(string, string)>, byte[])> FormBodies(Handler handler, Caller caller)
    {
        var fields = handler.Fields.Count == 0 ? ["x"] : handler.Fields;
        var token = Token(caller);
        byte[] Body(string pairs) => Encoding.UTF8.GetBytes(token.Length == 0 ? pairs : token + "&" + pairs);

        foreach (var text in HostileValues.Texts)
        {
            yield return ($"every field {HostileValues.Describe(text)}", Form, Body(string.Join('&', fields.Select(f => $"{f}={HostileValues.FormEncode(text)}"))));
        }

        foreach (var raw in new[] { "%FF%FE", "%ED%A0%80", "%C0%80", "%", "%zz", "a=b=c", "%0d%0a", "+++" })
        {
            yield return ($"every field {raw}", Form, Body(string.Join('&', fields.Select(f => $"{f}={raw}"))));
        }

        yield return ($"{fields[0]} of a megabyte", Form, Body($"{fields[0]}={new string('x', AlmostTheLimit)}"));
        yield return ("indexed and dotted names", Form, Body(string.Join('&', fields.Select(f => $"{f}[0]=x&{f}[1]=y&{f}.x=z&{f}[x]=y&{f}[99999999]=x&{f}[]=x&{f}[-1]=x"))));
        yield return ("2,000 values", Form, Body(string.Concat(Enumerable.Repeat($"{fields[0]}=1&", 2000))));
        yield return ("a name of 3,000 characters", Form, Body(new string('k', 3000) + "=1"));
        yield return ("empty and NUL names", Form, Body("=" + new string('x', 100) + "&&&=&%00=%00"));
    }

    private static IEnumerable<(string, IReadOnlyList<(string, string)>, byte[])> OtherMediaTypes(EndpointShape shape, Handler handler, Caller caller)
    {
        var body = shape.IsRazorPage ? Encoding.UTF8.GetBytes(Token(caller)) : "{}"u8.ToArray();
        foreach (var media in new[]
        {
            "application/json; charset=utf-16", "application/json; charset=bogus", "text/plain", "application/xml", "application/x-www-form-urlencoded; charset=bogus",
            "multipart/form-data; boundary=x", "multipart/form-data", "multipart/form-data; boundary=" + new string('b', 200), "application/yaml; charset=utf-32", "*/*", ";;;",
        })
        {
            yield return ($"Content-Type: {media}", [("Content-Type", media)], body);
        }

        yield return ("a malformed multipart body", [("Content-Type", "multipart/form-data; boundary=x")], "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb\r\n--x"u8.ToArray());
        yield return ("no Content-Type", [], body);
    }
}
