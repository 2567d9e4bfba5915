using Lethe.Execution;
using Lethe.Localization;
using Lethe.Requests;
using Lethe.Requests.Answers;
using Lethe.Tests.Support;

namespace Lethe.Tests.Requests;

/// <summary>What the person reads after an erasure under a hold: what went, what stays, under which rule and until when — in their language.</summary>
public sealed class ErasureReportTests
{
    public static TheoryData<string, string[]> Expected => new()
    {
        { "en", ["2 records deleted", "with the field replaced by a one-way code", "with the IP address cut to its network", "kept until",
                 "Bogføringsloven § 10", "Of these we erased email, phone now and keep only name, address, which we no longer use for anything else."] },
        { "da", ["2 poster slettet", "med feltet erstattet af en envejskode", "med IP-adressen afkortet til netværket", "beholdes til",
                 "Bogføringsloven § 10", "Af dem har vi slettet email, phone nu og beholder kun name, address, som vi ikke længere bruger til andet."] },
        { "nb", ["2 poster slettet", "med feltet erstattet av en enveiskode", "med IP-adressen forkortet til nettverket", "beholdes til",
                 "Bogføringsloven § 10", "Av dem har vi slettet email, phone nå og beholder bare name, address, som vi ikke lenger bruker til noe annet."] },
    };

    [Theory]
    [MemberData(nameof(Expected))]
    public void The_report_says_per_strategy_what_was_erased_and_what_a_hold_keeps_in_the_persons_language(string language, string[] phrases)
    {
        var manifest = DemoStore.Sample("flex4business");
        var request = new DataRequest { Type = RequestType.Erasure, IdentitiesJson = "[]", Language = language, CreatedAt = new DateTime(2026, 12, 1, 9, 0, 0, DateTimeKind.Utc) };
        var outcome = new ErasureOutcome("billing.db",
            [new ChangeCount("invoices", ErasureStrategy.DeleteRow, 2), new ChangeCount("customers", ErasureStrategy.Hash, 1), new ChangeCount("logins", ErasureStrategy.TruncateIp, 3)],
            [new KeptRows("customers", 1, "referenced by invoices kept under 'bookkeeping' until 2031-01-01", new DateOnly(2031, 1, 1), "bookkeeping", "Bogføringsloven § 10")
            {
                ErasedFields = ["email", "phone"],
                KeptFields = ["name", "address"],
                Restricted = true,
            }]);

        var report = AnswerReport.Erasure(manifest, request, [outcome], [], [], TestClock.Start, Lethe.Tenancy.Country.DK);

        foreach (var phrase in phrases)
        {
            report.ShouldContain(phrase, Case.Sensitive);
        }

        report.ShouldNotContain("truncate-ip");
        report.ShouldNotContain(" hash");
    }

    [Theory]
    [InlineData("en", "every collection", "defend legal claims")]
    [InlineData("da", "alle samlinger", "retskrav")]
    [InlineData("nb", "alle samlinger", "rettskrav")]
    public void A_hold_on_the_whole_datastore_names_every_collection_and_the_legal_ground_not_the_hold_s_note(string language, string every, string ground)
    {
        var manifest = DemoStore.Sample("flex4business");
        var request = new DataRequest { Type = RequestType.Erasure, IdentitiesJson = "[]", Language = language, CreatedAt = new DateTime(2026, 12, 1, 9, 0, 0, DateTimeKind.Utc) };
        var outcome = new ErasureOutcome("billing.db", [],
            [KeptReasons.Kept(KeptReasons.EveryCollection, 0, KeptReasons.LegalHold(Lethe.Retention.HoldScope.Tenant), ["a pending lawsuit with customer K10004"], new DateOnly(2027, 6, 30))]);

        var report = AnswerReport.Erasure(manifest, request, [outcome], [], [], TestClock.Start, Lethe.Tenancy.Country.DK);

        report.ShouldContain(" – " + every, Case.Sensitive);
        report.ShouldContain(ground, Case.Sensitive);
        report.ShouldNotContain("lawsuit", Case.Insensitive, "the hold's note is the company's, and may name someone else");
        report.ShouldNotContain(string.Format(System.Globalization.CultureInfo.InvariantCulture, Texts.Get("answer.rows", language), 0), Case.Sensitive,
            "no rows were counted while the erasure waits");
        if (language != "en")
        {
            report.ShouldNotContain("every collection");
        }
    }
}
