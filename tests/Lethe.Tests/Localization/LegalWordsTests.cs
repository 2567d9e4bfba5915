using Lethe.DataMap;
using Lethe.Localization;
using Lethe.Tenancy;

namespace Lethe.Tests.Localization;

/// <summary>The data map's codes in words: legal bases, safeguards, roles and ISO 8601 periods, in every language.</summary>
public sealed class LegalWordsTests
{
    [Theory]
    [InlineData("P5Y6M", "da", "5 år og 6 måneder")]
    [InlineData("P5Y6M", "nb", "5 år og 6 måneder")]
    [InlineData("P5Y6M", "en", "5 years and 6 months")]
    [InlineData("P2Y", "da", "2 år")]
    [InlineData("P1Y", "en", "1 year")]
    [InlineData("P1M", "nb", "1 måned")]
    [InlineData("P90D", "da", "90 dage")]
    [InlineData("P2W", "nb", "14 dager")]
    [InlineData("P1D", "en", "1 day")]
    [InlineData("P1Y2M3D", "en", "1 year, 2 months and 3 days")]
    [InlineData("P1Y2M3D", "da", "1 år, 2 måneder og 3 dage")]
    [InlineData("P0D", "en", "0 days")]
    [InlineData("P5Y", "fr", "5 years")]
    [InlineData("five years", "da", "five years")]
    public void A_period_is_said_in_words(string iso, string language, string words) =>
        LegalWords.Period(iso, language).ShouldBe(words);

    [Theory]
    [InlineData("legitimate-interests", "da", "Legitime interesser (art. 6, stk. 1, litra f)")]
    [InlineData("legitimate-interests", "nb", "Berettigede interesser (art. 6 nr. 1 bokstav f)")]
    [InlineData("legitimate-interests", "en", "Legitimate interests (Art. 6(1)(f))")]
    [InlineData("legal-obligation", "da", "Retlig forpligtelse (art. 6, stk. 1, litra c)")]
    [InlineData("consent", "nb", "Samtykke (art. 6 nr. 1 bokstav a)")]
    [InlineData("a-basis-of-its-own", "da", "a-basis-of-its-own")]
    public void A_legal_basis_is_a_label_with_its_provision(string basis, string language, string words) =>
        LegalWords.Basis(basis, language).ShouldBe(words);

    [Theory]
    [InlineData("adequacy", "da", "afgørelse om tilstrækkeligt beskyttelsesniveau (art. 45)")]
    [InlineData("adequacy", "en", "adequacy decision (Art. 45)")]
    [InlineData("scc", "nb", "standard personvernbestemmelser (art. 46 nr. 2 bokstav c)")]
    [InlineData("bcr", "da", "bindende virksomhedsregler (art. 47)")]
    [InlineData("derogation", "en", "derogation for a specific situation (Art. 49)")]
    public void A_transfer_safeguard_is_said_with_its_article(string safeguard, string language, string words) =>
        LegalWords.Safeguard(safeguard, language).ShouldBe(words);

    [Fact]
    public void Every_code_of_the_data_map_has_words_in_every_language_and_none_is_the_code()
    {
        foreach (var language in Texts.Languages)
        {
            ManifestVocabulary.LegalBases.ShouldAllBe(b => LegalWords.Basis(b, language) != b, language);
            ManifestVocabulary.TransferSafeguards.ShouldAllBe(s => LegalWords.Safeguard(s, language) != s, language);
            if (language != "en")
            {
                ManifestVocabulary.ProcessorRoles.ShouldAllBe(r => LegalWords.ProcessorRole(r, language) != r, language);
            }
        }

        // English says a role as the word it is, without the code's hyphen where English has none.
        ManifestVocabulary.ProcessorRoles.Select(r => LegalWords.ProcessorRole(r, "en"))
            .ShouldBe(["processor", "sub-processor", "joint controller", "independent controller"]);
    }

    [Fact]
    public void A_retention_rule_says_its_periods_and_where_they_count_from()
    {
        var rule = new RetentionRule
        {
            Key = "bookkeeping", Minimum = "P5Y", Maximum = "P5Y6M", CountFrom = "financial-year-end", Action = "delete",
            Description = new LocalizedText(new Dictionary<string, string> { ["en"] = "Invoices" }),
        };

        LegalWords.Retention(rule, "da").ShouldBe("opbevares mindst 5 år, slettes senest efter 5 år og 6 måneder, regnet fra regnskabsårets udløb");
        LegalWords.Retention(rule with { Minimum = null, Action = "anonymize", CountFrom = null }, "en").ShouldBe("anonymised at the latest after 5 years and 6 months");
    }

    [Theory]
    [InlineData(2026, 12, 2, 15, 38, Country.DK, "da", "2. december 2026 kl. 16.38 (dansk tid)")]
    [InlineData(2026, 12, 2, 15, 38, Country.DK, "en", "2 December 2026 at 16:38 (Danish time)")]
    [InlineData(2026, 7, 1, 12, 0, Country.NO, "nb", "1. juli 2026 kl. 14:00 (norsk tid)")]
    [InlineData(2026, 3, 29, 0, 30, Country.DK, "da", "29. marts 2026 kl. 01.30 (dansk tid)")]
    [InlineData(2026, 3, 29, 1, 30, Country.DK, "da", "29. marts 2026 kl. 03.30 (dansk tid)")]
    [InlineData(2026, 12, 31, 23, 30, Country.Other, "en", "1 January 2027 at 00:30 (Danish time)")]
    public void A_time_is_said_in_the_tenant_s_zone_with_the_zone_named(int y, int mo, int d, int h, int mi, Country country, string language, string text) =>
        LocalTime.Format(new DateTime(y, mo, d, h, mi, 0, DateTimeKind.Utc), country, language).ShouldBe(text);

    [Fact]
    public void A_day_is_the_day_where_the_tenant_is()
    {
        LocalTime.Date(new DateTime(2026, 12, 31, 23, 30, 0, DateTimeKind.Utc), Country.DK).ShouldBe(new DateOnly(2027, 1, 1));
        LocalTime.Date(new DateTime(2026, 12, 31, 22, 30, 0, DateTimeKind.Utc), Country.NO).ShouldBe(new DateOnly(2026, 12, 31));
    }

    [Theory]
    [InlineData(ChangedPart.Maximum, "P5Y6M", "da", "5 år og 6 måneder")]
    [InlineData(ChangedPart.Retention, "P2Y", "en", "2 years")]
    [InlineData(ChangedPart.LegalBasis, "legitimate-interests", "da", "Legitime interesser (art. 6, stk. 1, litra f)")]
    [InlineData(ChangedPart.Kind, "sqlite", "en", "SQLite database")]
    [InlineData(ChangedPart.Action, "anonymize", "en", "anonymize")]
    [InlineData(ChangedPart.Location, "SE", "da", "SE")]
    [InlineData(ChangedPart.Maximum, "not a period", "da", "not a period")]
    public void A_changed_value_in_an_import_preview_is_said_in_words(ChangedPart part, string value, string language, string words) =>
        LegalWords.ChangedValue(part, value, language).ShouldBe(words);
}
