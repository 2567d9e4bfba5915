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
    public void Applying_a_diff_gives_back_both_texts()
    {
        var random = new Random(7);
        for (var i = 0; i < 200; i++)
        {
            var before = string.Join('\n', Enumerable.Range(0, random.Next(0, 12)).Select(_ => "line" + random.Next(5)));
            var after = string.Join('\n', Enumerable.Range(0, random.Next(0, 12)).Select(_ => "line" + random.Next(5)));
            var diff = LineDiff.Between(before, after);

            string.Join('\n', diff.Where(d => d.Kind != DiffKind.Added).Select(d => d.Text)).ShouldBe(before);
            string.Join('\n', diff.Where(d => d.Kind != DiffKind.Removed).Select(d => d.Text)).ShouldBe(after);
        }
    }
}
