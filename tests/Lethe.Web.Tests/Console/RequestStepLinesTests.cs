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
            "1 files could not be deleted",
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
            "1 filer kunne ikke slettes",
        ]);
        LinesIn("nb", Outcome)[3].ShouldBe("Slett eller anonymiser: crm.customers.email (contact.email)");
    }
}
