using Lethe.Execution;
using Lethe.Requests;

namespace Lethe.Tests.Execution;

/// <summary>
/// Why rows stay is stored as a text id and values beside the engine's English, so the request page and the person's
/// answer say it in the reader's language; outcomes stored before that still say their English.
/// </summary>
public sealed class KeptReasonsTests
{
    public static TheoryData<string, string[], string, string, string> Reasons => new()
    {
        { KeptReasons.RetentionRuleWithLaw, ["bookkeeping", "Bogføringsloven § 10", "2031-12-31"],
            "kept under the retention rule 'bookkeeping' (Bogføringsloven § 10) until 2031-12-31",
            "bevares efter opbevaringsreglen »bookkeeping« (Bogføringsloven § 10) til 2031-12-31",
            "beholdes etter oppbevaringsregelen «bookkeeping» (Bogføringsloven § 10) til 2031-12-31" },
        { KeptReasons.RetentionRule, ["support-history", "2027-06-30"],
            "kept under the retention rule 'support-history' until 2027-06-30",
            "bevares efter opbevaringsreglen »support-history« til 2027-06-30",
            "beholdes etter oppbevaringsregelen «support-history» til 2027-06-30" },
        { KeptReasons.ReferencedByHeld, ["invoices", "bookkeeping", "2031-12-31"],
            "referenced by invoices kept under 'bookkeeping' until 2031-12-31",
            "refereres af invoices, som bevares efter »bookkeeping« til 2031-12-31",
            "refereres av invoices som beholdes etter «bookkeeping» til 2031-12-31" },
        { KeptReasons.Shared, [],
            "shared: rows of other people point to it as well",
            "delt: andre personers rækker peger også på dem",
            "delt: andre personers rader peker også på dem" },
        { KeptReasons.NamedByOthers, ["orders"],
            "still named by rows in orders that are not the person's",
            "nævnes stadig af rækker i orders, som ikke er personens",
            "nevnes fortsatt av rader i orders som ikke er personens" },
        { KeptReasons.ReferencedByKept, ["orders"],
            "still referenced by rows in orders that are kept",
            "refereres stadig af rækker i orders, som bevares",
            "refereres fortsatt av rader i orders som beholdes" },
        { KeptReasons.NoStrategy, [],
            "the data map gives its fields no erasure strategy",
            "datakortet angiver ingen sletningsmetode for samlingens felter",
            "datakartet angir ingen slettemetode for samlingens felter" },
        { KeptReasons.LegalHold(Lethe.Retention.HoldScope.Person), ["Case 2026-114 at the Copenhagen City Court {0}"],
            "under a legal hold on this person's data: Case 2026-114 at the Copenhagen City Court {0}",
            "omfattet af en retlig tilbageholdelse af personens data: Case 2026-114 at the Copenhagen City Court {0}",
            "omfattet av en rettslig tilbakeholdelse av personens data: Case 2026-114 at the Copenhagen City Court {0}" },
    };

    [Theory]
    [MemberData(nameof(Reasons))]
    public void A_reason_is_stored_in_english_and_said_in_the_readers_language_also_after_a_round_trip(string id, string[] values, string english, string danish, string norwegian)
    {
        var kept = KeptReasons.Kept("invoices", 4, id, values);
        var stored = StepOutcome.Read(new StepOutcome { Kept = [kept] }.ToJson())!.Kept!.Single();

        foreach (var k in new[] { kept, stored })
        {
            k.Reason.ShouldBe(english);
            KeptReasons.Say(k, "en").ShouldBe(english);
            KeptReasons.Say(k, "da").ShouldBe(danish);
            KeptReasons.Say(k, "nb").ShouldBe(norwegian);
        }
    }

    [Fact]
    public void Every_reason_has_a_text()
    {
        KeptReasons.All.ShouldAllBe(id => Lethe.Localization.Texts.Find(Lethe.Localization.TextId.KeptReason(id), "en") != null);
    }

    [Fact]
    public void An_outcome_stored_before_reasons_had_ids_says_its_english_in_every_language()
    {
        var old = StepOutcome.Read("""{"kept":[{"collection":"invoices","rows":4,"reason":"kept under the retention rule 'bookkeeping'"}]}""")!.Kept!.Single();

        old.ReasonId.ShouldBeNull();
        KeptReasons.Say(old, "da").ShouldBe("kept under the retention rule 'bookkeeping'");
    }
}
