using System.Globalization;
using Lethe.DataMap;
using Lethe.Execution;
using Lethe.Requests;
using Lethe.Web.Localization;
using Lethe.Web.Pages.Tenants;

namespace Lethe.Web.Tests.Console;

/// <summary>A step's outcome as the request page lists it, in the reader's language.</summary>
public sealed class RequestStepLinesTests
{
    private static RequestStep Step(StepOutcome outcome) =>
        new() { Datastore = "crm.db", Connector = DatastoreKind.Manual, OutcomeJson = outcome.ToJson() };

    private static IReadOnlyList<string> LinesIn(string language, StepOutcome outcome)
    {
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(language);
        try
        {
            return RequestModel.Lines(Step(outcome), new CatalogueLocalizer());
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    private static readonly StepOutcome Outcome = new()
    {
        Found = new Dictionary<string, int> { ["customers"] = 2 },
        Counts = [new ChangeCount("orders", "anonymize", 3)],
        Kept = [new KeptRows("invoices", 4, "kept under the retention rule 'bookkeeping'") { ErasedFields = ["email"], Restricted = true }],
        Checklist = ["Delete or anonymise: crm.customers.email (contact.email)", "Correct by hand: the street name"],
        FilesLeft = 1,
    };

    [Fact]
    public void In_english_the_lines_read_as_the_runner_wrote_them()
    {
        LinesIn("en", Outcome).ShouldBe([
            "customers: 2 found",
            "orders: 3 × anonymised",
            "invoices: 4 kept — kept under the retention rule 'bookkeeping'; erased now: email; restricted",
            "Delete or anonymise: crm.customers.email (contact.email)",
            "Correct by hand: the street name",
            "1 file could not be deleted",
        ]);
    }

    [Fact]
    public void In_danish_and_norwegian_the_words_are_theirs_and_the_names_and_values_stay()
    {
        LinesIn("da", Outcome).ShouldBe([
            "customers: 2 fundet",
            "orders: 3 × " + Lethe.Localization.Texts.Get("answer.action.anonymize", "da"),
            "invoices: 4 bevaret — kept under the retention rule 'bookkeeping'; slettet nu: email; begrænset",
            "Slet eller anonymisér: crm.customers.email (contact.email)",
            "Ret i hånden: the street name",
            "1 fil kunne ikke slettes",
        ]);
        LinesIn("nb", Outcome)[3].ShouldBe("Slett eller anonymiser: crm.customers.email (contact.email)");
    }

    [Theory]
    [InlineData("en", 1, "1 row changed in the datastore", "1 row changed, as the system reports", "1 file deleted", "1 file could not be deleted")]
    [InlineData("en", 2, "2 rows changed in the datastore", "2 rows changed, as the system reports", "2 files deleted", "2 files could not be deleted")]
    [InlineData("en", 0, "0 rows changed in the datastore", "0 rows changed, as the system reports", null, null)]
    [InlineData("da", 1, "1 række ændret i datalageret", "1 række ændret ifølge systemet", "1 fil slettet", "1 fil kunne ikke slettes")]
    [InlineData("da", 3, "3 rækker ændret i datalageret", "3 rækker ændret ifølge systemet", "3 filer slettet", "3 filer kunne ikke slettes")]
    [InlineData("nb", 1, "1 rad endret i datalageret", "1 rad endret ifølge systemet", "1 fil slettet", "1 fil kunne ikke slettes")]
    public void Counts_are_said_in_the_singular_for_one(string language, int count, string rows, string reported, string? deleted, string? left)
    {
        var lines = LinesIn(language, new StepOutcome { RowsChanged = count, Changed = count, FilesRemoved = count, FilesLeft = count });

        lines.ShouldBe(new[] { rows, reported, deleted, left }.OfType<string>());
    }

    [Fact]
    public void Why_rows_are_kept_is_said_in_the_readers_language()
    {
        var outcome = new StepOutcome { Kept = [KeptReasons.Kept("invoices", 4, KeptReasons.RetentionRuleWithLaw, ["bookkeeping", "Bogføringsloven § 10", "2031-12-31"])] };

        LinesIn("en", outcome).ShouldBe(["invoices: 4 kept — kept under the retention rule 'bookkeeping' (Bogføringsloven § 10) until 2031-12-31"]);
        LinesIn("da", outcome).ShouldBe(["invoices: 4 bevaret — bevares efter opbevaringsreglen »bookkeeping« (Bogføringsloven § 10) til 2031-12-31"]);
    }
}
