using System.Text;

namespace Lethe.Web.Tests.HostileInput;

/// <summary>
/// The corpus: what people, scanners and broken clients send that no form of ours would. Route and query values are
/// written as they go on the wire (percent-encoded, invalid UTF-8 included); texts are what a field holds once decoded.
/// </summary>
public static class HostileValues
{
    /// <summary>A route segment: path tricks, NUL and line breaks, bytes that are not UTF-8, numbers past every type, length.</summary>
    public static readonly string[] Segments =
    [
        "..", "%2e%2e", "..%2f..%2f..%2fetc%2fpasswd", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "..%5c..%5cwindows", "%00", "x%00y", "%0d%0aSet-Cookie:%20x=y",
        "%09", "%20", "%ff%fe", "%c0%ae%c0%ae", "%ed%a0%80", "%e2%80%ae", "%f0%9f%92%a9", "%25", "%zz", "%27%3B%20DROP%20TABLE%20tenants%3B--",
        "%3Cscript%3Ealert(1)%3C%2Fscript%3E", "-1", "0", "99999999999999999999", "00000000-0000-0000-0000-000000000000", new string('a', 5000),
        "%7B%7D", ";x=y", "~", "CON",
    ];

    /// <summary>A query value; each is sent in every query name an endpoint reads at once.</summary>
    public static readonly string[] QueryValues =
    [
        "", "%00", "x%00y", "%0d%0a", "%09", "%ff%fe", "%ed%a0%80", "%c0%80", "%", "%zz", "-1", "0", "-0", "99999999999999999999", "1e308", "-1e308",
        "NaN", "Infinity", "2026-02-30", "0001-01-01", "9999-12-31T23:59:59.9999999Z", "-9223372036854775808", "9223372036854775807", "true%00",
        "%27%20OR%201%3D1--", "..%2f..%2f", "%7B%7D", "[]", "a,b,c",
    ];

    /// <summary>Query strings as a whole: names that are not names, repeated and indexed names.</summary>
    public static IEnumerable<string> QueryShapes(IReadOnlyList<string> names) =>
    [
        "?%00=%00", "?=&=&&", "?" + string.Join('&', names.Select(n => $"{n}=1&{n}=2")), "?" + string.Join('&', names.Select(n => $"{n}[]=x&{n}[0]=y&{n}.x=z")),
        "?" + string.Join('&', names.Select(n => $"{n}={new string('9', 2000)}").Take(3)), "?" + new string('&', 3000),
    ];

    /// <summary>A text field's value: control characters, broken UTF-16, injection attempts, wrong kinds of value, 100,000 characters.</summary>
    public static readonly string[] Texts =
    [
        "", " ", "\u0000", "a\u0000b", "\t\r\n", "\u0001\u001b[31m\u007f", "\u0085\u2028\u2029", "\u202eevil", "\ufeff", "\uffff", "\ud800", "\udc00x",
        "../../../etc/passwd", "%00", "' OR 1=1 --", "<script>alert(1)</script>", "{{7*7}}", "${jndi:ldap://x}", "\U0001F4A9", "\u0130", "-1",
        "1e308", "null", "true", "[]", "{}", "@", "a@b", "x@" + new string('a', 300) + ".dk", new string('x', 100_000),
    ];

    /// <summary>JSON values of the wrong kind for any field, as raw JSON.</summary>
    public static readonly string[] JsonValues =
    [
        "0", "-1", "1.5", "1e308", "1e99999", "-0", "true", "null", "[]", "{}", "[1,[2]]", "{\"a\":{\"b\":1}}", "\"x\"", "99999999999999999999999",
        "\"\\u0000\"", "\"\\ud800\"", "\"2026-02-30\"", "\"00000000-0000-0000-0000-000000000000\"", "[null]", "[\"\", null, 1]", "{\"\":null}",
        "[{}]", "[[]]",
    ];

    /// <summary>Whole JSON bodies that are broken as JSON, or deep, or not UTF-8.</summary>
    public static IEnumerable<(string Kind, byte[] Body)> JsonBodies()
    {
        foreach (var text in new[]
        {
            "", "null", "true", "0", "\"x\"", "[]", "{", "}", "{}", "{\"a\":1,\"a\":2}", "{/*c*/}", "{,}", "{}garbage", "\ufeff{}", "{\"\\u0000\":1}", "NaN",
            "[" + string.Concat(Enumerable.Repeat("{},", 20_000)) + "{}]",
            "{" + string.Join(',', Enumerable.Range(0, 10_000).Select(i => $"\"k{i}\":{i}")) + "}",
        })
        {
            yield return ("json " + Describe(text), Encoding.UTF8.GetBytes(text));
        }

        yield return ("100,000 nested arrays", Encoding.UTF8.GetBytes(new string('[', 100_000) + new string(']', 100_000)));
        yield return ("100,000 nested objects", Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"a\":", 100_000)) + "1" + new string('}', 100_000)));
        yield return ("invalid UTF-8", [.. "{\"name\":\""u8, 0xff, 0xfe, 0xc0, 0x80, .. "\"}"u8]);
        yield return ("UTF-16", Encoding.Unicode.GetBytes("{\"name\":\"x\"}"));
        yield return ("NUL bytes", [0, 0, 0, 0]);
    }

    /// <summary>Manifests that are not: deep, aliased past measure, not UTF-8, or simply not YAML.</summary>
    public static IEnumerable<(string Kind, byte[] Body)> YamlBodies()
    {
        var laughs = string.Join('\n', Enumerable.Range(1, 9).Select(i => $"a{i}: &a{i} [" + string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10)) + "]").Prepend("a0: &a0 [x, x, x, x, x, x, x, x, x, x]"));
        foreach (var (kind, text) in new[]
        {
            ("100,000 nested flow lists", "lethe: " + new string('[', 100_000) + new string(']', 100_000)),
            ("100,000 nested block lists", "lethe:\n" + string.Concat(Enumerable.Repeat("- ", 100_000)) + "x"),
            ("30,000 nested flow mappings", "lethe: " + string.Concat(Enumerable.Repeat("{a: ", 30_000)) + "1" + new string('}', 30_000)),
            ("a billion laughs", laughs),
            ("an alias of itself", "lethe: &a [*a]"),
            ("an unknown alias", "lethe: *nothing"),
            ("a scalar of a megabyte", "lethe: '" + new string('x', 1_000_000) + "'"),
            ("50,000 unknown keys", "lethe: 1\n" + string.Concat(Enumerable.Range(0, 50_000).Select(i => $"k{i}: 1\n"))),
            ("10,000 documents", string.Concat(Enumerable.Repeat("---\nlethe: 1\n", 10_000))),
            ("NUL and control characters", "lethe: \"\u0000\u0001\"\norganization: \u0000"),
            ("tabs for indentation", "lethe: 1\norganization:\n\tname: x"),
            ("tags", "lethe: !!binary AAAA\norganization: !<tag:yaml.org,2002:python/object:os.system> x"),
            ("a directive", "%YAML 9.9\n---\nlethe: 1"),
            ("complex keys", "? ? ? ? x\n: 1"),
        })
        {
            yield return (kind, Encoding.UTF8.GetBytes(text));
        }

        yield return ("invalid UTF-8", [.. "lethe: \""u8, 0xff, 0xfe, 0xc0, 0x80, .. "\"\n"u8]);
    }

    /// <summary>Percent-encodes a text for a form or a query as a browser would, except that broken UTF-16 is sent as the invalid UTF-8 a broken client sends.</summary>
    public static string FormEncode(string text)
    {
        var wire = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsSurrogate(text[i]) && !(i + 1 < text.Length && char.IsSurrogatePair(text[i], text[i + 1])))
            {
                wire.Append("%ED%A0%80");
                continue;
            }

            var length = char.IsSurrogate(text[i]) ? 2 : 1;
            wire.Append(Uri.EscapeDataString(text.Substring(i, length)));
            i += length - 1;
        }

        return wire.ToString();
    }

    public static string Describe(string value) =>
        value.Length > 40 ? $"{value.Length.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} characters starting {Printable(value[..20])}" : Printable(value);

    private static string Printable(string value) =>
        string.Concat(value.Select(c => char.IsControl(c) || char.IsSurrogate(c) || c is '\u2028' or '\u2029' or '\u202e' or '\ufeff' ? $"\\u{(int)c:x4}" : c.ToString(System.Globalization.CultureInfo.InvariantCulture)));
}
