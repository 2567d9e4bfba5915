using Lethe.DataMap;
using Lethe.Localization;
using Lethe.Notices;
using Lethe.Tests.DataMap;

namespace Lethe.Tests.Notices;

public sealed class NoticeRendererTests
{
    private static readonly DateOnly Published = new(2026, 11, 21);

    private static Manifest Sample(string name) =>
        ManifestReader.Read(File.ReadAllText(Path.Combine(ManifestFiles.RepositoryRoot(), "samples", name, "manifest.yaml")), name).Manifest!;

    /// <summary>The seed policy a sample encodes, kept beside it so the two can be compared (samples/*/policy.LANG.txt).</summary>
    private static string Seed(string sample, string language) =>
        File.ReadAllText(Path.Combine(ManifestFiles.RepositoryRoot(), "samples", sample, $"policy.{language}.txt"));

    public static TheoryData<string, string> SamplesInTheirSeedLanguage() => new()
    {
        { "flex4business", "da" }, { "flex4business", "en" }, { "flex-as", "nb" }, { "small-business", "da" }, { "flexfone", "da" },
    };

    [Theory]
    [MemberData(nameof(SamplesInTheirSeedLanguage))]
    public void The_notice_has_every_section_the_seeds_have(string sample, string language)
    {
        var notice = NoticeRenderer.Render(Sample(sample), language, 1, Published);

        var sections = new[]
        {
            "controller", "data", "legal_basis", "recipients", "retention", "rights", "complaint", "cookies", "security", "processor", "version",
        };
        foreach (var section in sections)
        {
            notice.ShouldContain("## " + NoticeRenderer.Escape(Texts.Get("notice." + section, language)), Case.Sensitive, section);
        }

        foreach (var right in new[] { "access", "rectification", "erasure", "restriction", "portability", "objection", "withdraw" })
        {
            notice.ShouldContain(NoticeRenderer.Escape(Texts.Get(TextId.NoticeRight(right), language)), Case.Sensitive, right);
        }

        notice.ShouldContain("Datatilsynet");
        notice.ShouldContain("2026-11-21");
    }

    /// <summary>Each row: what the seed policy says, and how the generated notice in the seed's language says the same.</summary>
    [Theory]
    [InlineData("flex4business", "da", "000", "opbevares som minimum i 5 år", "opbevares mindst 5 år")]
    [InlineData("flex4business", "en", "001", "NETS", "Nets Denmark A/S")]
    [InlineData("flex4business", "en", "001", "Google Analytics", "Google Ireland Ltd. (Google Analytics)")]
    [InlineData("flex4business", "en", "001", "change your choice via the link at the bottom of the page", "change your choice at any time via the link at the bottom of the page")]
    [InlineData("flex-as", "nb", "002", "I Norge er det Datatilsynet", "Postboks 458 Sentrum, 0105 Oslo")]
    [InlineData("flex-as", "nb", "002", "motsi deg direktemarkedsføring", "alltid mot direkte markedsføring")]
    [InlineData("small-business", "da", "003", "minimum 5 år", "opbevares mindst 5 år")]
    [InlineData("small-business", "da", "003", "senest 5½ år efter faktureringsdato", "slettes senest efter 5 år og 6 måneder")]
    [InlineData("flexfone", "da", "004", "slette dem efter 90 dage", "slettes senest efter 90 dage")]
    [InlineData("flexfone", "da", "004", "TDC", "TDC Holding A/S")]
    [InlineData("flexfone", "da", "004", "databehandler på kundernes Flexfone-løsning", "Her er vi databehandler, og kunden er dataansvarlig")]
    public void The_notice_states_the_seeds_periods_and_recipients(string sample, string language, string seed, string seedSays, string noticeSays)
    {
        Seed(sample, language).ShouldContain(seedSays, Case.Sensitive, $"seed {seed}'s own statement");
        NoticeRenderer.Render(Sample(sample), language, 1, Published).ShouldContain(NoticeRenderer.Escape(noticeSays), Case.Sensitive);
    }

    [Fact]
    public void Text_from_the_data_map_cannot_become_markup()
    {
        var m = Sample("small-business");
        var hostile = m with
        {
            Activities = [m.Activities[0] with { Purpose = new LocalizedText(new Dictionary<string, string> { ["da"] = "<script>alert(1)</script> [link](javascript:x) *bold*" }) }],
        };

        var notice = NoticeRenderer.Render(hostile, "da", 1, Published);

        notice.ShouldContain("\\<script\\>alert(1)\\</script\\> \\[link\\](javascript:x) \\*bold\\*");
    }

    [Theory]
    [InlineData("P5Y6M", "en", "5 years and 6 months")]
    [InlineData("P5Y6M", "da", "5 år og 6 måneder")]
    [InlineData("P90D", "nb", "90 dager")]
    [InlineData("P1Y", "da", "1 år")]
    [InlineData("P1Y1M1D", "en", "1 year, 1 month and 1 day")]
    [InlineData("P2W", "en", "14 days")]
    public void Periods_are_written_in_words(string period, string language, string words) =>
        IsoPeriod.Parse(period)!.Describe(language).ShouldBe(words);
}
