using System.Text;
using Lethe.DataMap;

namespace Lethe.Tests.DataMap;

/// <summary>
/// The bounds checked before YamlDotNet builds a tree (<see cref="ManifestLimits"/>). Past them the reader must answer
/// with one error; without them a deep file ends the process with a stack overflow.
/// </summary>
public sealed class ManifestLimitsTests
{
    private const int Max = ManifestLimits.MaxDepth;

    /// <summary>Documents whose lists and mappings nest exactly <c>depth</c> levels, the root mapping counted.</summary>
    public static TheoryData<string> Shapes() => ["flow sequence", "flow mapping", "block mapping", "block sequence"];

    private static string Nested(string shape, int depth) => shape switch
    {
        "flow sequence" => "lethe: " + new string('[', depth - 1) + new string(']', depth - 1),
        "flow mapping" => "lethe: " + string.Concat(Enumerable.Repeat("{a: ", depth - 1)) + "1" + new string('}', depth - 1),
        "block mapping" => string.Concat(Enumerable.Range(0, depth - 1).Select(i => new string(' ', i) + "a:\n")) + new string(' ', depth - 1) + "b: 1\n",
        "block sequence" => "lethe:\n" + string.Concat(Enumerable.Repeat("- ", depth - 1)) + "x\n",
        _ => throw new ArgumentOutOfRangeException(nameof(shape)),
    };

    private static bool TooDeep(ManifestReadResult result) => result.Errors.Any(e => e.Message.Contains($"more than {Max} levels deep", StringComparison.Ordinal));

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Nesting_up_to_the_limit_is_read_as_yaml(string shape)
    {
        foreach (var depth in new[] { Max - 1, Max })
        {
            var result = ManifestReader.Read(Nested(shape, depth), "deep.yaml");

            // Not a manifest, so there are errors; but the file was read, and none of them is about depth.
            result.Errors.ShouldNotBeEmpty();
            TooDeep(result).ShouldBeFalse($"{shape} at depth {depth}: {string.Join(" | ", result.Errors)}");
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Nesting_one_level_past_the_limit_is_one_error_naming_the_limit(string shape)
    {
        var result = ManifestReader.Read(Nested(shape, Max + 1), "deep.yaml");

        result.IsValid.ShouldBeFalse();
        var error = result.Errors.ShouldHaveSingleItem();
        TooDeep(result).ShouldBeTrue(error.ToString());
        error.ToString().ShouldStartWith("deep.yaml:");
        error.Field.ShouldBe("(file)");
    }

    [Fact]
    public void The_error_is_placed_at_the_first_list_past_the_limit()
    {
        var error = ManifestReader.Read(Nested("flow sequence", Max + 1), "deep.yaml").Errors.Single();

        // "lethe: " is seven characters; the root mapping is level 1, so bracket 64 (level 65) is at column 7 + 64.
        (error.Line, error.Column).ShouldBe((1, 7 + Max));
    }

    [Theory]
    [InlineData("flow sequence", 50_000)]
    [InlineData("flow mapping", 20_000)]
    [InlineData("block sequence", 100_000)]
    [InlineData("flow sequence", 400_000)]
    public void The_payloads_that_ended_the_process_are_refused_on_a_small_stack(string shape, int depth)
    {
        // On a thread with a quarter of the usual stack: the check itself must not recurse, or this test host dies.
        ManifestReadResult? result = null;
        var thread = new Thread(() => result = ManifestReader.Read(Nested(shape, depth), "deep.yaml"), maxStackSize: 256 * 1024);
        thread.Start();
        thread.Join();

        TooDeep(result!).ShouldBeTrue();
    }

    [Fact]
    public void Brackets_in_quoted_text_and_comments_do_not_count()
    {
        var brackets = new string('[', 500);
        var yaml = ManifestFiles.Minimal.Replace("name: Test ApS", $"name: \"Test {brackets} ApS\" # {brackets}", StringComparison.Ordinal);

        ManifestReader.Read(yaml, "quoted.yaml").Errors.ShouldBeEmpty();
    }

    [Fact]
    public void A_manifest_of_exactly_the_largest_size_is_read_and_one_byte_more_is_refused()
    {
        var padding = ManifestLimits.MaxBytes - Encoding.UTF8.GetByteCount(ManifestFiles.Minimal) - "# \n".Length;
        var largest = ManifestFiles.Minimal + "# " + new string('x', padding) + "\n";
        Encoding.UTF8.GetByteCount(largest).ShouldBe(ManifestLimits.MaxBytes);

        ManifestReader.Read(largest, "large.yaml").Errors.ShouldBeEmpty();
        var error = ManifestReader.Read(largest + "#", "large.yaml").Errors.ShouldHaveSingleItem();
        error.ToString().ShouldBe("large.yaml:1:1: (file): is 1,048,577 bytes; a manifest may be at most 1024 KiB.");
    }

    [Fact]
    public void Aliases_are_allowed_within_the_limits()
    {
        var yaml = ManifestFiles.Minimal
            .Replace("    purpose:\n", "    purpose: &selling\n", StringComparison.Ordinal)
            .Replace("    description:\n      en: Three years after sign-up\n", "    description: *selling\n", StringComparison.Ordinal);

        var result = ManifestReader.Read(yaml, "aliases.yaml");

        result.Errors.ShouldBeEmpty();
        result.Manifest!.RetentionRules[0].Description.In("en").ShouldBe("Selling to customers");
    }

    [Fact]
    public void A_billion_laughs_is_refused_by_the_count_of_what_its_aliases_stand_for()
    {
        // Nine lines, each alias list ten times the one before: 10^9 values from a few hundred bytes.
        var lines = new List<string> { "a0: &a0 [x, x, x, x, x, x, x, x, x, x]" };
        for (var i = 1; i < 9; i++)
        {
            lines.Add($"a{i}: &a{i} [" + string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10)) + "]");
        }

        var error = ManifestReader.Read(string.Join('\n', lines), "laughs.yaml").Errors.ShouldHaveSingleItem();

        error.Message.ShouldContain("more than 1,000,000 values once its aliases (*name) are expanded");
        error.Line.ShouldBe(6); // the millionth value is reached on the sixth line, long before the billionth
    }

    [Fact]
    public void A_chain_of_aliases_is_as_deep_as_what_it_stands_for()
    {
        // Each anchor holds the one before three levels down: no line nests deeply, the tree they stand for does.
        var lines = Enumerable.Range(1, 30).Select(i => $"a{i}: &a{i} [[[*a{i - 1}]]]").Prepend("a0: &a0 x");

        var error = ManifestReader.Read(string.Join('\n', lines), "chain.yaml").Errors.ShouldHaveSingleItem();

        error.Message.ShouldContain($"more than {Max} levels deep");
        error.Message.ShouldContain("aliases");
    }

    [Fact]
    public void An_alias_inside_its_own_anchor_is_refused()
    {
        var error = ManifestReader.Read("lethe: &me [1, *me]", "loop.yaml").Errors.ShouldHaveSingleItem();

        error.ToString().ShouldBe("loop.yaml:1:16: (file): *me refers to the list or mapping it is part of; a manifest cannot contain itself.");
    }
}
