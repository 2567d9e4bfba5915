using Lethe.Notices;

namespace Lethe.Tests.Notices;

public sealed class LineDiffTests
{
    [Fact]
    public void A_changed_line_shows_as_removed_then_added_and_the_rest_is_kept()
    {
        var diff = LineDiff.Between("a\nb\nc", "a\nB\nc");
        diff.ShouldBe([new(DiffKind.Kept, "a"), new(DiffKind.Removed, "b"), new(DiffKind.Added, "B"), new(DiffKind.Kept, "c")]);
    }

    [Fact]
    public void A_changed_block_shows_all_its_removed_lines_before_its_added_ones()
    {
        var diff = LineDiff.Between("# Title\nold one\nold two\nend", "# Title\nnew one\nnew two\nend\nappendix");
        diff.ShouldBe([
            new(DiffKind.Kept, "# Title"), new(DiffKind.Removed, "old one"), new(DiffKind.Removed, "old two"),
            new(DiffKind.Added, "new one"), new(DiffKind.Added, "new two"), new(DiffKind.Kept, "end"), new(DiffKind.Added, "appendix"),
        ]);
    }

    [Fact]
    public void Indentation_case_and_carriage_returns_are_changes_too()
    {
        LineDiff.Between("- item\nName", "  - item\nname").Select(d => d.Kind).ShouldBe([DiffKind.Removed, DiffKind.Removed, DiffKind.Added, DiffKind.Added]);
        LineDiff.Between("a\r\nb", "a\nb").ShouldBe([new(DiffKind.Removed, "a\r"), new(DiffKind.Added, "a"), new(DiffKind.Kept, "b")]);
    }

    /// <summary>An empty text has no lines (the hand-written diff before DiffPlex saw one empty line in it).</summary>
    [Theory]
    [InlineData("", "", new DiffKind[0])]
    [InlineData("", "a", new[] { DiffKind.Added })]
    [InlineData("a", "", new[] { DiffKind.Removed })]
    [InlineData("a\nb", "a\nb", new[] { DiffKind.Kept, DiffKind.Kept })]
    public void An_empty_text_has_no_lines_and_equal_texts_keep_every_line(string before, string after, DiffKind[] kinds) =>
        LineDiff.Between(before, after).Select(d => d.Kind).ShouldBe(kinds);

    [Fact]
    public void Applying_a_diff_gives_back_both_texts_and_keeps_as_many_lines_as_can_be_kept()
    {
        var random = new Random(7);
        for (var i = 0; i < 200; i++)
        {
            var before = string.Join('\n', Enumerable.Range(0, random.Next(0, 12)).Select(_ => "line" + random.Next(5)));
            var after = string.Join('\n', Enumerable.Range(0, random.Next(0, 12)).Select(_ => "line" + random.Next(5)));
            var diff = LineDiff.Between(before, after);

            string.Join('\n', diff.Where(d => d.Kind != DiffKind.Added).Select(d => d.Text)).ShouldBe(before);
            string.Join('\n', diff.Where(d => d.Kind != DiffKind.Removed).Select(d => d.Text)).ShouldBe(after);
            diff.Count(d => d.Kind == DiffKind.Kept).ShouldBe(LongestCommonSubsequence(Lines(before), Lines(after)), $"{before} → {after}");
        }
    }

    private static string[] Lines(string text) => text.Length == 0 ? [] : text.Split('\n');

    /// <summary>The length of a longest common subsequence, by the textbook table: no diff may keep more lines.</summary>
    private static int LongestCommonSubsequence(string[] a, string[] b)
    {
        var lengths = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                lengths[i, j] = a[i] == b[j] ? lengths[i + 1, j + 1] + 1 : Math.Max(lengths[i + 1, j], lengths[i, j + 1]);
            }
        }

        return lengths[0, 0];
    }
}
