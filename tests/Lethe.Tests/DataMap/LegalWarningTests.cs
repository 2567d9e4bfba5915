using Lethe.DataMap;

namespace Lethe.Tests.DataMap;

public sealed class LegalWarningTests
{
    private static ManifestReadResult Read(string sample, Func<string, string>? change = null)
    {
        var text = File.ReadAllText(Path.Combine(ManifestFiles.RepositoryRoot(), "samples", sample, "manifest.yaml"));
        return ManifestReader.Read(change is null ? text : change(text), sample + ".yaml");
    }

    [Fact]
    public void Seed_003s_five_and_a_half_years_after_the_invoice_date_is_valid_but_warned_about()
    {
        // As the seed words it: counted from the invoice date (the sample itself counts from the financial year's end).
        var result = Read("small-business", t => t.Replace("    countFrom: financial-year-end\n", "", StringComparison.Ordinal));

        result.IsValid.ShouldBeTrue();
        var warning = result.Warnings.ShouldHaveSingleItem();
        warning.Field.ShouldBe("retention[0].anchor");
        warning.Message.ShouldContain("counts 5 years from the end of the financial year, not from the invoice date");
        warning.Line.ShouldBeGreaterThan(1);
    }

    [Theory]
    [InlineData("en", "the Bookkeeping Act (bogføringsloven § 10) counts 5 years from the end of the financial year, not from the invoice date")]
    [InlineData("da", "bogføringsloven § 10 regner 5 år fra udgangen af regnskabsåret, ikke fra fakturadatoen")]
    [InlineData("nb", "regner 5 år fra utløpet av regnskapsåret, ikke fra fakturadatoen")]
    public void The_warning_is_said_in_the_readers_language_and_its_english_is_the_message(string language, string said)
    {
        var warning = Read("small-business", t => t.Replace("    countFrom: financial-year-end\n", "", StringComparison.Ordinal)).Warnings.ShouldHaveSingleItem();

        warning.MessageIn(language).ShouldContain(said, Case.Sensitive);
        // The API and the CLI say it in English, as before the console said it in the reader's language.
        warning.Message.ShouldBe(
            "the Bookkeeping Act (bogføringsloven § 10) counts 5 years from the end of the financial year, not from the invoice date: " +
            "counted from the invoice date this rule lets invoices from early in a financial year go too soon (an invoice of 2 January 2024 " +
            "must be kept until 31 December 2029). Add countFrom: financial-year-end, or count at least P6Y from the invoice date.");
    }

    [Fact]
    public void Two_reads_of_one_file_give_equal_warnings()
    {
        static ManifestReadResult Again() => Read("small-business", t => t.Replace("    countFrom: financial-year-end\n", "", StringComparison.Ordinal));

        Again().Warnings.ShouldBe(Again().Warnings);
    }

    [Fact]
    public void Counting_from_the_end_of_the_financial_year_satisfies_the_bookkeeping_act() =>
        Read("small-business").Warnings.ShouldBeEmpty();

    [Fact]
    public void Six_years_from_the_invoice_date_satisfies_the_bookkeeping_act()
    {
        var result = Read("small-business", t => t.Replace("    countFrom: financial-year-end\n", "", StringComparison.Ordinal)
            .Replace("minimum: P5Y\n", "minimum: P6Y\n", StringComparison.Ordinal)
            .Replace("maximum: P5Y6M", "maximum: P6Y6M", StringComparison.Ordinal));
        result.Warnings.ShouldBeEmpty();
    }

    [Fact]
    public void Statutory_telecom_logs_kept_beyond_a_year_are_warned_about()
    {
        Read("flexfone").Warnings.ShouldNotContain(w => w.Message.Contains("786 f", StringComparison.Ordinal));

        var longer = Read("flexfone", t => t.Replace("    minimum: P1Y\n    maximum: P1Y", "    minimum: P1Y\n    maximum: P3Y", StringComparison.Ordinal));

        longer.Warnings.ShouldContain(w => w.Field == "retention[1].maximum" && w.Message.Contains("retsplejeloven § 786 f", StringComparison.Ordinal));
    }

    [Fact]
    public void A_Norwegian_manifest_is_not_judged_by_the_Danish_act() =>
        Read("flex-as").Warnings.ShouldBeEmpty();
}
