using Lethe.Execution;

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
            if (AnswerPackage.FilePath(root, relative) is not { } path)
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
}
