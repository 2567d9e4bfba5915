namespace Lethe.Web.Hosting;

/// <summary>The stylesheets, built into the assembly: the console's and the public pages' own.</summary>
internal static class Assets
{
    private static readonly Lazy<byte[]> Css = new(() => Embedded("Lethe.Web.Assets.lethe.css"));

    private static readonly Lazy<byte[]> PublicCss = new(() => Embedded("Lethe.Web.Assets.public.css"));

    public static IResult Stylesheet(HttpContext context) => Serve(context, Css.Value);

    /// <summary>The privacy centre's and the notice's stylesheet: one column for a person, not the console's grid.</summary>
    public static IResult PublicStylesheet(HttpContext context) => Serve(context, PublicCss.Value);

    private static IResult Serve(HttpContext context, byte[] css)
    {
        context.Response.Headers.CacheControl = "public, max-age=3600";
        return TypedResults.Bytes(css, "text/css; charset=utf-8");
    }

    private static byte[] Embedded(string name)
    {
        using var stream = typeof(Assets).Assembly.GetManifestResourceStream(name)
                           ?? throw new InvalidOperationException($"The embedded stylesheet {name} is missing from the build.");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }
}
