using Lethe.Calendar;
using Lethe.DataMap;
using Lethe.Processors;
using Lethe.Tenancy;
using Lethe.Tests.DataMap;

namespace Lethe.Tests.Processors;

public sealed class AgreementReviewDutiesTests
{
    private static DateOnly D(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static Processor P(string key, string role, string? signed, string? review) => new()
    {
        Key = key,
        Name = key,
        Service = new LocalizedText(new Dictionary<string, string> { ["en"] = "x" }),
        Location = "DK",
        Role = role,
        AgreementDate = signed is null ? null : D(signed),
        ReviewDate = review is null ? null : D(review),
    };

    private static IReadOnlyList<Duty> Duties(Processor processor, DutyDone? done = null)
    {
        var facts = new DutyFacts
        {
            Country = Country.DK,
            Today = D("2026-08-01"),
            Start = D("2026-01-15"),
            Manifest = ManifestFiles.Sample("flexfone") with { Processors = [processor] },
            LastDone = done is null ? [] : new Dictionary<string, DutyDone> { [AgreementReviewDuties.IdFor(processor.Key)] = done },
        };
        return new AgreementReviewDuties().DutiesFor(facts).ToList();
    }

    [Theory]
    // The data map's review date is the day, whether or not the agreement is dated.
    [InlineData("processor", "2022-09-01", "2026-09-01", null, "2026-09-01")]
    [InlineData("sub-processor", null, "2026-03-01", null, "2026-03-01")]
    // A document kept before the review date is not the review: the date stands.
    [InlineData("processor", "2022-09-01", "2026-09-01", "2026-02-10", "2026-09-01")]
    // Kept on or after it: reviewed, next a year later until the data map names a new date.
    [InlineData("processor", "2022-09-01", "2026-09-01", "2026-09-01", "2027-09-01")]
    [InlineData("processor", "2022-09-01", "2026-09-01", "2026-10-05", "2027-10-05")]
    // No review date: yearly from the signing, then from the last review; nothing dated: a year from the start.
    [InlineData("processor", "2025-11-20", null, null, "2026-11-20")]
    [InlineData("processor", "2025-11-20", null, "2026-05-02", "2027-05-02")]
    [InlineData("sub-processor", null, null, null, "2027-01-15")]
    public void An_agreement_is_due_on_its_review_date_or_yearly(string role, string? signed, string? review, string? reviewedOn, string due)
    {
        var duty = Duties(P("acme", role, signed, review), reviewedOn is null ? null : new DutyDone(D(reviewedOn), "dpo@x.dk")).ShouldHaveSingleItem();

        duty.Id.ShouldBe("agreement-review:acme");
        duty.Kind.ShouldBe(DutyKind.AgreementReview);
        duty.DueOn.ShouldBe(D(due));
        duty.Owner.ShouldBe(reviewedOn is null ? DutyOwner.Officer : DutyOwner.ForUser("dpo@x.dk"));
    }

    [Theory]
    [InlineData("joint-controller")]
    [InlineData("independent-controller")]
    public void Recipients_that_are_not_processors_have_no_agreement_to_review(string role) =>
        Duties(P("partner", role, "2024-01-01", "2026-01-01")).ShouldBeEmpty();

    [Fact]
    public void The_sample_s_sub_processor_is_in_the_calendar_and_overdue_after_its_review_date()
    {
        var facts = new DutyFacts { Country = Country.DK, Today = D("2026-12-03"), Start = D("2026-01-15"), Manifest = ManifestFiles.Sample("flexfone") };

        var tdc = ComplianceCalendar.For(facts, [new AgreementReviewDuties()]).ShouldHaveSingleItem();

        tdc.Duty.Id.ShouldBe("agreement-review:tdc");
        tdc.State.ShouldBe(DutyState.Overdue);
        tdc.DaysLeft.ShouldBe(-93);
    }
}
