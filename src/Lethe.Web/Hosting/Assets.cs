namespace Lethe.Web.Hosting;

/// <summary>The console's stylesheet, embedded in the assembly so a single binary serves everything.</summary>
internal static class Assets
{
    private static readonly Lazy<byte[]> Css = new(() =>
    {
        using var stream = typeof(Assets).Assembly.GetManifestResourceStream("Lethe.Web.Assets.lethe.css")
                           ?? throw new InvalidOperationException("The embedded stylesheet is missing from the build.");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    });

    public static IResult Stylesheet(HttpContext context)
    {
        context.Response.Headers.CacheControl = "public, max-age=3600";
        return TypedResults.Bytes(Css.Value, "text/css; charset=utf-8");
    }
}
