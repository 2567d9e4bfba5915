namespace Lethe.Web.Security;

/// <summary>
/// The one rule for where a page may send the browser after sign-in or a language change: a path on this site, or
/// the start page. Every page that redirects to a URL it was given goes through it.
/// </summary>
public static class LocalReturnUrl
{
    /// <summary>Longer than any path of the console; longer values are cut-and-paste accidents or probes.</summary>
    public const int MaxLength = 2048;

    /// <returns><paramref name="returnUrl"/> when it is a safe local path, otherwise <c>/</c>.</returns>
    /// <remarks>
    /// Only printable ASCII: browsers drop tabs and line breaks from URLs (so <c>/\t/evil.example</c> becomes the
    /// other site <c>//evil.example</c>) and read <c>\</c> as <c>/</c>; and Kestrel refuses control and non-ASCII
    /// characters in a Location header, so LocalRedirect threw on them and the answer was a 500. Links Lethe makes are
    /// percent-encoded already.
    /// </remarks>
    public static string From(string? returnUrl) =>
        returnUrl is { Length: > 0 and <= MaxLength }
        && returnUrl[0] == '/'
        && (returnUrl.Length == 1 || returnUrl[1] is not ('/' or '\\'))
        && returnUrl.All(c => c is > ' ' and < '\u007f' and not '\\')
            ? returnUrl
            : "/";
}
