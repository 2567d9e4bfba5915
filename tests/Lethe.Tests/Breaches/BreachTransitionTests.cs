using Lethe.Breaches;

namespace Lethe.Tests.Breaches;

public sealed class BreachTransitionTests
{
    private static readonly DateTime Aware = new(2026, 3, 29, 21, 30, 0, DateTimeKind.Utc);

    public static TheoryData<BreachStatus, BreachStatus, bool> Moves()
    {
        var allowed = new HashSet<(BreachStatus, BreachStatus)>
        {
            (BreachStatus.Open, BreachStatus.Assessed),
            (BreachStatus.Assessed, BreachStatus.Assessed),
            (BreachStatus.Assessed, BreachStatus.Notified),
            (BreachStatus.Assessed, BreachStatus.Closed),
            (BreachStatus.Notified, BreachStatus.Notified),
            (BreachStatus.Notified, BreachStatus.Closed),
        };
        var data = new TheoryData<BreachStatus, BreachStatus, bool>();
        foreach (var from in BreachStatus.All)
        {
            foreach (var to in BreachStatus.All)
            {
                data.Add(from, to, allowed.Contains((from, to)));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Moves))]
    public void The_rules_table_allows_exactly_these_moves(BreachStatus from, BreachStatus to, bool allowed) =>
        BreachStatus.CanMove(from, to).ShouldBe(allowed);

    private static Breach New() => new() { TenantId = Guid.NewGuid(), AwareAt = Aware, Description = "A laptop was stolen", Affected = "erp.db.customers" };

    [Fact]
    public void An_open_breach_cannot_be_notified_or_closed_before_it_is_assessed()
    {
        var breach = New();
        Should.Throw<InvalidOperationException>(() => breach.Notify(null, "o@x", Aware.AddHours(1)));
        Should.Throw<InvalidOperationException>(() => breach.Close("o@x", Aware.AddHours(1)));
        breach.Status.ShouldBe(BreachStatus.Open);
        breach.NotifiedAt.ShouldBeNull();
    }

    [Fact]
    public void A_risk_may_be_closed_only_once_notified_but_an_unlikely_risk_at_once()
    {
        var risky = New();
        risky.Assess(BreachRisk.Risk, "Names and addresses of customers", null, null, "o@x", Aware.AddHours(2));
        risky.MayClose.ShouldBeFalse();
        Should.Throw<InvalidOperationException>(() => risky.Close("o@x", Aware.AddHours(3)));

        var unlikely = New();
        unlikely.Assess(BreachRisk.Unlikely, "The disk was encrypted", null, null, "o@x", Aware.AddHours(2));
        unlikely.Close("o@x", Aware.AddHours(3));
        unlikely.Status.ShouldBe(BreachStatus.Closed);
        unlikely.RiskReasons.ShouldBe("The disk was encrypted");
    }

    [Fact]
    public void A_late_first_notification_needs_its_reason_and_a_later_phase_keeps_the_first_time()
    {
        var breach = New();
        breach.Assess(BreachRisk.HighRisk, "Health data", null, null, "o@x", Aware.AddHours(1));
        var late = Aware.AddHours(72).AddTicks(1);
        Should.Throw<InvalidOperationException>(() => breach.Notify(null, "o@x", late));
        breach.Status.ShouldBe(BreachStatus.Assessed);

        breach.Notify("The supplier told us only on day four", "o@x", late);
        breach.Notify(null, "p@x", late.AddDays(2));

        breach.Status.ShouldBe(BreachStatus.Notified);
        breach.NotifiedAt.ShouldBe(late);
        breach.NotifiedBy.ShouldBe("o@x");
        breach.LateReason.ShouldBe("The supplier told us only on day four");
        Should.Throw<InvalidOperationException>(() => breach.Assess(BreachRisk.Risk, "x", null, null, "o@x", late));
    }

    [Fact]
    public void A_notification_at_exactly_72_hours_needs_no_reason()
    {
        var breach = New();
        breach.Assess(BreachRisk.Risk, "Contact data", null, null, "o@x", Aware.AddHours(1));
        breach.Notify(null, "o@x", Aware.AddHours(72));
        breach.LateReason.ShouldBeNull();
        breach.Close("o@x", Aware.AddHours(80));
        Should.Throw<InvalidOperationException>(() => breach.Notify(null, "o@x", Aware.AddHours(81)));
    }

    [Fact]
    public void Only_a_notified_breach_takes_further_information_and_what_is_left_out_stays()
    {
        var breach = New();
        Should.Throw<InvalidOperationException>(() => breach.Supplement("c", "m"));
        breach.Assess(BreachRisk.Risk, "Contact data", "Phishing", "Reset", "o@x", Aware.AddHours(1));
        Should.Throw<InvalidOperationException>(() => breach.Supplement("c", "m"));

        breach.Notify(null, "o@x", Aware.AddHours(2));
        breach.Supplement(null, "Reset and monitored");
        breach.Consequences.ShouldBe("Phishing");
        breach.Measures.ShouldBe("Reset and monitored");

        breach.Close("o@x", Aware.AddHours(80));
        Should.Throw<InvalidOperationException>(() => breach.Supplement("c", null));
        breach.Measures.ShouldBe("Reset and monitored");
    }
}
