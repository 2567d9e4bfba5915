using System.Text.RegularExpressions;
using Lethe.Audit;
using Lethe.Tests.DataMap;

namespace Lethe.Tests.Audit;

/// <summary>
/// Every kind of thing an audit entry can be about is in <see cref="AuditTarget.Kinds"/>, so the audit log says it in
/// words (TextIdsInCodeTests proves each has its text in every language) instead of showing <c>review</c> or <c>message</c>.
/// </summary>
public sealed partial class AuditTargetKindsTests
{
    /// <summary>Interpolations shaped like a target that are something else, each with what it is.</summary>
    private static readonly Dictionary<string, string> NotTargets = new(StringComparer.Ordinal)
    {
        ["data"] = "A datastore reference to a file in the tenant's folder (DatastoreBoundary's problems).",
        ["address"] = "The privacy centre's rate limit partition for one address.",
    };

    [Fact]
    public void Every_kind_the_sources_write_as_a_target_is_known_and_every_known_kind_is_written()
    {
        var written = Written();

        written.ShouldContain("review");
        written.ShouldContain("message");
        written.Except(NotTargets.Keys).Except(AuditTarget.Kinds).ShouldBeEmpty("a kind of audit target the audit log cannot say in words");
        AuditTarget.Kinds.Except(written).ShouldBeEmpty("a kind no source writes any more");
        NotTargets.Keys.Except(written).ShouldBeEmpty("an exception no source needs any more");
    }

    /// <summary>The kinds of every <c>$"kind:{…}"</c> in the sources.</summary>
    private static List<string> Written()
    {
        var sources = Path.Combine(ManifestFiles.RepositoryRoot(), "src");
        return Directory.EnumerateFiles(sources, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => Target().Matches(File.ReadAllText(f)).Select(m => m.Groups["kind"].Value)).Distinct().ToList();
    }

    [GeneratedRegex("""\$"(?<kind>[a-z][a-z-]*):\{""")]
    private static partial Regex Target();
}
