namespace Lethe.Notices;

/// <summary>One line of a diff: kept, removed (only in the old text) or added (only in the new).</summary>
public sealed record DiffLine(DiffKind Kind, string Text);

public enum DiffKind
{
    Kept = 1,
    Removed,
    Added,
}

/// <summary>
/// A line diff by longest common subsequence, to show what changed between two notice versions. No diff package is
/// available here, and notices are a few hundred lines, so the quadratic table costs nothing.
/// </summary>
public static class LineDiff
{
    public static IReadOnlyList<DiffLine> Between(string before, string after)
    {
        var a = before.Split('\n');
        var b = after.Split('\n');
        var lengths = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                lengths[i, j] = a[i] == b[j] ? lengths[i + 1, j + 1] + 1 : Math.Max(lengths[i + 1, j], lengths[i, j + 1]);
            }
        }

        var diff = new List<DiffLine>();
        int x = 0, y = 0;
        while (x < a.Length && y < b.Length)
        {
            if (a[x] == b[y])
            {
                diff.Add(new DiffLine(DiffKind.Kept, a[x++]));
                y++;
            }
            else if (lengths[x + 1, y] >= lengths[x, y + 1])
            {
                diff.Add(new DiffLine(DiffKind.Removed, a[x++]));
            }
            else
            {
                diff.Add(new DiffLine(DiffKind.Added, b[y++]));
            }
        }

        diff.AddRange(a[x..].Select(line => new DiffLine(DiffKind.Removed, line)));
        diff.AddRange(b[y..].Select(line => new DiffLine(DiffKind.Added, line)));
        return diff;
    }
}
