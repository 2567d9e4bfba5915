namespace Lethe.DataMap;

/// <summary>
/// The one place a data map's dotted names are taken apart. A part is never empty and holds no dot, so a name made of
/// parts reads back into the same parts.
/// </summary>
internal static class DottedPath
{
    /// <returns>The <paramref name="count"/> parts of <paramref name="text"/>, or null when it has more or fewer, or an empty one.</returns>
    public static string[]? Split(string? text, int count)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var parts = text.Split('.');
        return parts.Length == count && parts.All(p => p.Length > 0) ? parts : null;
    }

    /// <summary>A part for a constructor: a dot or an empty part would make a name that does not read back.</summary>
    public static string Part(string part, string name) =>
        string.IsNullOrEmpty(part) || part.Contains('.', StringComparison.Ordinal)
            ? throw new ArgumentException($"'{part}' is not a part of a dotted name: it must be non-empty and hold no '.'.", name)
            : part;
}
