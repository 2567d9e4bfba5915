namespace Lethe.Connectors;

/// <summary>
/// Paths as the file system resolves them, so two names of one file compare equal (<c>./x</c>, <c>a/../x</c>, a symbolic
/// link to it), and paths that pass through a link can be refused.
/// </summary>
public static class RealPath
{
    /// <summary>Bounds a resolution the way the kernel does (ELOOP), so a cycle of links ends.</summary>
    private const int MaxLinks = 40;

    /// <summary>
    /// The path with every symbolic link along it resolved; parts that do not exist yet are kept as written (a file to
    /// be created still compares equal to the same file later).
    /// </summary>
    /// <exception cref="IOException">The links form a cycle or a chain too long to follow.</exception>
    public static string Of(string path)
    {
        var full = Path.GetFullPath(path);
        if (OperatingSystem.IsWindows())
        {
            return full;
        }

        var pending = new LinkedList<string>(Parts(full));
        var resolved = "/";
        var links = 0;
        while (pending.First is { } first)
        {
            pending.RemoveFirst();
            var part = first.Value;
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                resolved = Path.GetDirectoryName(resolved) ?? "/";
                continue;
            }

            var candidate = Path.Combine(resolved, part);
            if (new FileInfo(candidate).LinkTarget is not { } target)
            {
                resolved = candidate;
                continue;
            }

            if (++links > MaxLinks)
            {
                throw new IOException($"Too many symbolic links under {resolved}.");
            }

            if (Path.IsPathRooted(target))
            {
                resolved = "/";
            }

            foreach (var p in Parts(target).Reverse())
            {
                pending.AddFirst(p);
            }
        }

        return resolved;
    }

    /// <summary>Whether <paramref name="path"/> lies in <paramref name="directory"/> (or is it), comparing resolved paths.</summary>
    public static bool IsWithin(string path, string directory)
    {
        var dir = Of(directory).TrimEnd(Path.DirectorySeparatorChar);
        var real = Of(path);
        return real == dir || real.StartsWith(dir + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }

    /// <summary>Whether any part of <paramref name="path"/> below <paramref name="root"/> is a symbolic link.</summary>
    public static bool PassesThroughLink(string root, string path)
    {
        var top = Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar);
        var current = Path.GetFullPath(path);
        while (current.Length > top.Length && current.StartsWith(top, StringComparison.Ordinal))
        {
            if (new FileInfo(current).LinkTarget is not null)
            {
                return true;
            }

            current = Path.GetDirectoryName(current) ?? top;
        }

        return false;
    }

    private static string[] Parts(string path) => path.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
}
