using Lethe.Calendar;
using Lethe.DataMap;
using Lethe.Tenancy;
using Lethe.Tests.DataMap;
using Microsoft.Extensions.Time.Testing;

namespace Lethe.Tests.Calendar;

public sealed class ComplianceCalendarTests
{
    private static readonly IDutySource[] BuiltIn = [new HalfYearlyReviewDuty(), new RiskAssessmentDuties(), new NoticeReviewDuty()];

    private static DateOnly D(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static DutyFacts Facts(DateTimeOffset now, Manifest? manifest = null, Dictionary<string, DutyDone>? done = null, Dictionary<string, string>? inHand = null) => new()
    {
        Country = Country.DK,
        Today = Recurrence.LocalDay(now.UtcDateTime, Country.DK),
        Start = D("2026-01-15"),
        Manifest = manifest ?? ManifestFiles.Sample("flex-as"),
        LastDone = done ?? [],
        InHand = inHand ?? [],
    };

    [Fact]
    public void A_tenant_with_a_data_map_has_the_review_the_notice_review_and_one_risk_assessment_per_system()
    {
        var manifest = ManifestFiles.Sample("flexfone");
        var duties = ComplianceCalendar.For(Facts(new DateTimeOffset(2026, 2, 1, 12, 0, 0, TimeSpan.Zero), manifest), BuiltIn);

        duties.Select(d => d.Duty.Id).ShouldBe(
            ["half-yearly-review", .. manifest.Systems.Select(s => $"risk-assessment:{s.Key}").Order(StringComparer.Ordinal), "notice-review"]);
        duties.Single(d => d.Duty.Kind == DutyKind.HalfYearlyReview).Duty.DueOn.ShouldBe(D("2026-07-15"));
        duties.Where(d => d.Duty.Kind != DutyKind.HalfYearlyReview).ShouldAllBe(d => d.Duty.DueOn == D("2027-01-15"));
        duties.ShouldAllBe(d => d.Duty.Owner == DutyOwner.Officer && d.State == DutyState.Upcoming);
    }

    [Fact]
    public void Without_a_data_map_there_is_nothing_to_review_or_assess() =>
        ComplianceCalendar.For(Facts(DateTimeOffset.UnixEpoch) with { Manifest = null }, BuiltIn).ShouldBeEmpty();

    [Theory]
    [InlineData("2026-06-14T12:00:00Z", DutyState.Upcoming, 31)]
    [InlineData("2026-06-15T12:00:00Z", DutyState.Due, 30)]
    [InlineData("2026-07-15T21:59:00Z", DutyState.Due, 0)] // 23:59 in Copenhagen (summer time): still the day itself
    [InlineData("2026-07-15T22:00:00Z", DutyState.Overdue, -1)] // midnight in Copenhagen: the day has passed
    [InlineData("2027-01-20T10:00:00Z", DutyState.Overdue, -189)]
    public void The_review_is_due_thirty_days_ahead_and_overdue_from_the_day_after_in_the_tenant_s_time_zone(string now, DutyState state, int daysLeft)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture));
        var review = ComplianceCalendar.For(Facts(clock.GetUtcNow()), BuiltIn).Single(d => d.Duty.Kind == DutyKind.HalfYearlyReview);

        review.State.ShouldBe(state);
        review.DaysLeft.ShouldBe(daysLeft);
    }

    [Fact]
    public void A_completed_review_and_assessment_move_their_duties_and_the_assessor_owns_the_next_one()
    {
        var done = new Dictionary<string, DutyDone>
        {
            ["half-yearly-review"] = new(D("2026-08-31"), "dpo@flex.example"),
            ["risk-assessment:ledger"] = new(D("2026-05-02"), "it@flex.example"),
        };
        var duties = ComplianceCalendar.For(Facts(new DateTimeOffset(2026, 9, 1, 8, 0, 0, TimeSpan.Zero), done: done), BuiltIn);

        var review = duties.Single(d => d.Duty.Kind == DutyKind.HalfYearlyReview).Duty;
        review.DueOn.ShouldBe(D("2027-02-28"));
        review.LastDoneOn.ShouldBe(D("2026-08-31"));
        review.Owner.ShouldBe(DutyOwner.Officer);
        var risk = duties.Single(d => d.Duty.Id == "risk-assessment:ledger").Duty;
        risk.DueOn.ShouldBe(D("2027-05-02"));
        risk.Owner.ShouldBe(DutyOwner.ForUser("it@flex.example"));
    }

    [Theory]
    [InlineData("risk-assessment:ledger", "it@flex.example", null, "mette@flex.example", true)] // given by hand: beats whoever did it last
    [InlineData("half-yearly-review", null, null, "mette@flex.example", true)] // beats the officers
    [InlineData("half-yearly-review", null, "jens@flex.example", "jens@flex.example", false)] // started by another: theirs until completed
    [InlineData("notice-review", null, null, "mette@flex.example", true)]
    public void A_duty_given_by_hand_is_the_given_owner_s_unless_another_has_it_in_hand(string id, string? lastBy, string? inHand, string owner, bool byHand)
    {
        var done = lastBy is null ? null : new Dictionary<string, DutyDone> { [id] = new(D("2026-05-02"), lastBy) };
        var facts = Facts(new DateTimeOffset(2026, 9, 1, 8, 0, 0, TimeSpan.Zero), done: done, inHand: inHand is null ? null : new() { [id] = inHand })
            with { Assigned = new Dictionary<string, string> { [id] = "mette@flex.example" } };

        var duties = ComplianceCalendar.For(facts, BuiltIn);

        var duty = duties.Single(d => d.Duty.Id == id).Duty;
        (duty.Owner.User, duty.Owner.ByHand).ShouldBe((owner, byHand));
        duties.Where(d => d.Duty.Id != id).ShouldAllBe(d => !d.Duty.Owner.ByHand, "the others keep their own owners");
    }

    [Fact]
    public void A_review_in_progress_belongs_to_whoever_started_it()
    {
        var duties = ComplianceCalendar.For(Facts(DateTimeOffset.UnixEpoch, inHand: new() { ["half-yearly-review"] = "auditor@flex.example" }), BuiltIn);
        duties.Single(d => d.Duty.Kind == DutyKind.HalfYearlyReview).Duty.Owner.User.ShouldBe("auditor@flex.example");
    }

    [Fact]
    public void A_plugged_in_source_s_duties_appear_among_the_others_most_urgent_first()
    {
        var agreements = new AgreementsDueOn(D("2026-03-01"));
        var duties = ComplianceCalendar.For(Facts(new DateTimeOffset(2026, 3, 5, 9, 0, 0, TimeSpan.Zero)), [.. BuiltIn, agreements]);

        duties[0].Duty.Id.ShouldBe("agreement-review:hosting");
        duties[0].State.ShouldBe(DutyState.Overdue);
        duties[0].DaysLeft.ShouldBe(-4);
    }

    /// <summary>What the processor agreements' source will look like: a pure function of the facts.</summary>
    private sealed class AgreementsDueOn(DateOnly day) : IDutySource
    {
        public IEnumerable<Duty> DutiesFor(DutyFacts facts) =>
            facts.Manifest!.Processors.Select(p => new Duty(DutyKind.AgreementReview, p.Key, DutyOwner.Officer, day, null, Recurrence.Yearly));
    }
}
