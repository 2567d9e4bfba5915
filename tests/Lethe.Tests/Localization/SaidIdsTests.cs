using System.Text.RegularExpressions;
using Lethe.Localization;

namespace Lethe.Tests.Localization;

/// <summary>
/// Sentences the domain makes as a text id and values (<see cref="Said"/>): every id written in the sources is in every
/// language with the same placeholders, and each is said in the reader's language with its values.
/// </summary>
public sealed partial class SaidIdsTests
{
    [GeneratedRegex("""new Said\("([a-z_.]+)",""")]
    private static partial Regex SaidId();

    private static List<string> IdsInSources() =>
        Directory.EnumerateFiles(Path.Combine(Lethe.Tests.DataMap.ManifestFiles.RepositoryRoot(), "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => SaidId().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value)).Distinct().ToList();

    [Fact]
    public void Every_id_made_in_the_sources_is_in_every_language()
    {
        var ids = IdsInSources();

        // One from each place that makes them, so a change of shape the scan stops seeing fails here.
        ids.ShouldContain("retention.not_swept.system_enforces");
        ids.ShouldContain("retention.held.referenced_law");
        foreach (var language in Texts.Languages)
        {
            ids.Where(id => Texts.Find(id, language) is null).ShouldBeEmpty($"missing in {language}");
        }
    }

    [Theory]
    [InlineData("en", "still referenced by invoices kept under 'bookkeeping' (Bogføringsloven § 10)")]
    [InlineData("da", "refereres stadig af invoices, som bevares efter »bookkeeping« (Bogføringsloven § 10)")]
    [InlineData("nb", "refereres fortsatt av invoices som beholdes etter «bookkeeping» (Bogføringsloven § 10)")]
    public void A_sentence_is_said_with_its_values_in_the_readers_language(string language, string expected)
    {
        var said = new Said("retention.held.referenced_law", ["invoices", "bookkeeping", "Bogføringsloven § 10"]);

        said.In(language).ShouldBe(expected);
        said.ToString().ShouldBe("still referenced by invoices kept under 'bookkeeping' (Bogføringsloven § 10)");
    }
}
