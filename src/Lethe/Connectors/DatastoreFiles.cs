namespace Lethe.Connectors;

/// <summary>Files a datastore's rows point at (recordings, voicemails), relative to its files directory.</summary>
public static class DatastoreFiles
{
    /// <summary>
    /// Removes the files of rows that are gone. Call it only after the rows' transaction has committed: a rolled-back
    /// change must not leave rows pointing at deleted audio.
    /// </summary>
    /// <returns>How many files were removed (already-gone ones are not counted), and those that could not be.</returns>
    public static (int Removed, List<string> Left) Remove(IEnumerable<string> files, string? root)
    {
        var left = new List<string>();
        var removed = 0;
        foreach (var relative in files.Distinct(StringComparer.Ordinal))
        {
            if (Resolve(root, relative) is not { } path)
            {
                left.Add(relative);
                continue;
            }

            try
            {
                if (File.Exists(path))
                {
                    File.Delete(path);
                    removed++;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                left.Add(relative);
            }
        }

        return (removed, left);
    }

    /// <summary>A file path under the root, or null when the value tries to leave it (../, an absolute path).</summary>
    public static string? Resolve(string? root, string relative)
    {
        if (root is null || relative.Length == 0 || Path.IsPathRooted(relative))
        {
            return null;
        }

        var full = Path.GetFullPath(Path.Combine(root, relative));
        var prefix = Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        // A symbolic link inside the directory could point anywhere on the host (another tenant's files, Lethe's keys).
        return full.StartsWith(prefix, StringComparison.Ordinal) && !RealPath.PassesThroughLink(root, full) ? full : null;
    }
}
