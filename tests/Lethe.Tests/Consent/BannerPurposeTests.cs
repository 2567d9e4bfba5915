using System.Text.RegularExpressions;
using Lethe.Consent;
using Lethe.DataMap;
using Lethe.Tests.DataMap;

namespace Lethe.Tests.Consent;

/// <summary>
/// What the cookie banner asks for and how it says it: cookie purposes only (never the newsletter), texts written for
/// the banner with built-in ones to fall back on, and every recipient named with a link to its privacy policy.
/// </summary>
public sealed partial class BannerPurposeTests
{
    private static string Sample() => File.ReadAllText(Path.Combine(ManifestFiles.RepositoryRoot(), "samples", "flex4business", "manifest.yaml"));

    private static ManifestReadResult Read(Func<string, string> change) => ManifestReader.Read(change(Sample()), "flex4business.yaml");

    // The sample's banner blocks, taken out again: what a data map written before banner texts existed looks like.
    private static string WithoutBannerTexts(string yaml) => BannerBlock().Replace(yaml, "");

    private static string WithoutPolicies(string yaml) => PolicyLine().Replace(yaml, "");

    [GeneratedRegex(@"    banner:\n(      .*\n)+")]
    private static partial Regex BannerBlock();

    [GeneratedRegex(@"    policyUrl: .*\n")]
    private static partial Regex PolicyLine();

    [Fact]
    public void The_banner_asks_for_necessary_statistics_and_marketing_but_never_the_newsletter()
    {
        var purposes = ConsentPurpose.From(ManifestFiles.Sample("flex4business"));

        purposes.Where(p => p.InBanner).Select(p => p.Key).ShouldBe(["necessary", "statistics", "marketing"]);
        purposes.Single(p => p.Key == "newsletter").InBanner.ShouldBeFalse();
    }

    [Fact]
    public void Purposes_are_labelled_with_the_banner_texts_of_the_data_map_and_name_their_recipients_with_policy_links()
    {
        var statistics = ConsentPurpose.From(ManifestFiles.Sample("flex4business")).Single(p => p.Key == "statistics");

        statistics.OwnBannerText.ShouldBeTrue();
        statistics.BannerLabel.In("da").ShouldBe("Statistik");
        statistics.BannerDescription!.In("en")!.ShouldStartWith("Google Analytics counts visits");
        statistics.BannerLabel.Values.Values.ShouldAllBe(t => !t.Contains("cookie banner", StringComparison.OrdinalIgnoreCase) && !t.Contains("cookieboks", StringComparison.OrdinalIgnoreCase));
        statistics.Recipients.ShouldBe([new ConsentRecipient("Google Ireland Ltd. (Google Analytics)", "https://policies.google.com/privacy")]);
        ConsentPurpose.From(ManifestFiles.Sample("flex4business")).Single(p => p.Key == "marketing").Recipients
            .ShouldBe([new ConsentRecipient("Meta Platforms Ireland Ltd. (Meta Pixel)", "https://www.facebook.com/privacy/policy/")]);
    }

    [Fact]
    public void Without_banner_texts_the_banner_falls_back_to_the_catalogue_and_the_data_map_check_warns()
    {
        var read = Read(WithoutBannerTexts);

        read.IsValid.ShouldBeTrue(string.Join("\n", read.Errors));
        var statistics = ConsentPurpose.From(read.Manifest!).Single(p => p.Key == "statistics");
        statistics.OwnBannerText.ShouldBeFalse();
        statistics.BannerLabel.In("da").ShouldBe(Lethe.Localization.Texts.Get("banner.purpose.statistics.label", "da"));
        statistics.BannerDescription!.In("nb").ShouldBe(Lethe.Localization.Texts.Get("banner.purpose.statistics.description", "nb"));
        statistics.Title.In("da")!.ShouldContain("cookieboksen", Case.Sensitive, "the notice's purpose text stays for the notice");
        read.Warnings.Where(w => w.Field.EndsWith(".banner", StringComparison.Ordinal)).Select(w => w.Field).ShouldBe(["activities[2].banner", "activities[3].banner"]);
        read.Warnings.ShouldAllBe(w => w.Line > 1);
    }

    [Fact]
    public void A_language_the_banner_text_leaves_out_is_filled_from_its_English()
    {
        var read = Read(t => t.Replace("        nb: Statistikk\n", "", StringComparison.Ordinal));

        ConsentPurpose.From(read.Manifest!).Single(p => p.Key == "statistics").BannerLabel.In("nb").ShouldBe("Statistics");
    }

    [Fact]
    public void A_recipient_the_banner_names_without_a_policy_link_is_warned_about()
    {
        var read = Read(WithoutPolicies);

        read.IsValid.ShouldBeTrue();
        read.Warnings.Select(w => w.Field).ShouldBe(["processors[1].policyUrl", "processors[2].policyUrl"]);
        ConsentPurpose.From(read.Manifest!).Single(p => p.Key == "statistics").Recipients.Single().PolicyUrl.ShouldBeNull();
        Read(t => t).Warnings.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("http://policies.google.com/privacy")]
    [InlineData("javascript:alert(1)")]
    [InlineData("policies.google.com/privacy")]
    [InlineData("https://user:pw@policies.google.com/privacy")]
    [InlineData("https:///privacy")]
    public void A_policy_link_must_be_an_https_address(string url)
    {
        var read = Read(t => t.Replace("policyUrl: https://policies.google.com/privacy", $"policyUrl: \"{url}\"", StringComparison.Ordinal));

        read.IsValid.ShouldBeFalse();
        read.Errors.ShouldHaveSingleItem().Field.ShouldBe("processors[1].policyUrl");
    }

    [Fact]
    public void A_newsletter_cannot_be_given_banner_texts()
    {
        var read = Read(t => t.Replace("    consentPurpose: newsletter\n", "    consentPurpose: newsletter\n    banner:\n      label:\n        en: Newsletter\n", StringComparison.Ordinal));

        read.Errors.ShouldHaveSingleItem().Field.ShouldBe("activities[4].banner");
    }

    [Fact]
    public void Banner_texts_and_policy_links_survive_export_and_import()
    {
        var manifest = ManifestFiles.Sample("flex4business");
        var written = ManifestWriter.Write(manifest);

        written.ShouldContain("policyUrl: https://policies.google.com/privacy");
        var again = ManifestReader.Read(written, "again.yaml");
        again.IsValid.ShouldBeTrue();
        ManifestWriter.Write(again.Manifest!).ShouldBe(written);
        ConsentPurpose.From(again.Manifest!).Single(p => p.Key == "marketing").BannerDescription!.In("da")!.ShouldStartWith("Meta Pixel måler");
    }

    [Fact]
    public void Consent_asked_again_only_when_what_the_banner_says_changes()
    {
        var plain = ConsentPurpose.Fingerprint(ConsentPurpose.From(Read(WithoutBannerTexts).Manifest!));
        var withPolicies = ConsentPurpose.Fingerprint(ConsentPurpose.From(Read(t => WithoutPolicies(WithoutBannerTexts(t))).Manifest!));
        var withTexts = ConsentPurpose.Fingerprint(ConsentPurpose.From(ManifestFiles.Sample("flex4business")));
        var reworded = ConsentPurpose.Fingerprint(ConsentPurpose.From(Read(t => t.Replace("nb: Statistikk\n", "nb: Besøksstatistikk\n", StringComparison.Ordinal)).Manifest!));

        withPolicies.ShouldBe(plain);
        withTexts.ShouldNotBe(plain);
        reworded.ShouldNotBe(withTexts);
    }
}
