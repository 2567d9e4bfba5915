using DiffPlex;
using DiffPlex.Model;

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
/// What changed between two notice versions, line by line: DiffPlex's Myers diff laid out inline, each changed block
/// as its removed lines followed by its added ones.
/// </summary>
public static class LineDiff
{
    public static IReadOnlyList<DiffLine> Between(string before, string after)
    {
        // Whitespace and case count: a notice that only re-indents a list or capitalises a word did change.
        var result = Differ.Instance.CreateDiffs(before, after, ignoreWhiteSpace: false, ignoreCase: false, NewlineChunker.Instance);
        var (a, b) = (result.PiecesOld, result.PiecesNew);
        var diff = new List<DiffLine>(Math.Max(a.Count, b.Count));
        var x = 0;
        foreach (var block in result.DiffBlocks)
        {
            diff.AddRange(Lines(a, x, block.DeleteStartA - x, DiffKind.Kept));
            diff.AddRange(Lines(a, block.DeleteStartA, block.DeleteCountA, DiffKind.Removed));
            diff.AddRange(Lines(b, block.InsertStartB, block.InsertCountB, DiffKind.Added));
            x = block.DeleteStartA + block.DeleteCountA;
        }

        diff.AddRange(Lines(a, x, a.Count - x, DiffKind.Kept));
        return diff;
    }

    private static IEnumerable<DiffLine> Lines(IReadOnlyList<string> pieces, int start, int count, DiffKind kind) =>
        Enumerable.Range(start, count).Select(i => new DiffLine(kind, pieces[i]));

    /// <summary>
    /// Lines split on '\n' alone, every one kept (DiffPlex's own line chunker also splits on '\r'), so joining the kept
    /// and removed lines with '\n' gives the old text back exactly.
    /// </summary>
    private sealed class NewlineChunker : IChunker
    {
        public static readonly NewlineChunker Instance = new();

        public IReadOnlyList<string> Chunk(string text) => text.Split('\n');
    }
}
