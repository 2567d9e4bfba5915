using Lethe.Web.Security;
using Microsoft.Extensions.Time.Testing;

namespace Lethe.Web.Tests.Security;

/// <summary>A flood of made-up API keys is counted, not written entry by entry into the audit log kept for ever.</summary>
public sealed class RejectedKeyAuditTests
{
    [Fact]
    public void Each_refusal_is_written_up_to_the_budget_and_the_rest_are_counted_into_the_next_minutes_first_entry()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero));
        var audit = new RejectedKeyAudit(clock);

        var first = Enumerable.Range(0, RejectedKeyAudit.PerMinute + 50).Select(_ => audit.Next()).ToList();
        first.Take(RejectedKeyAudit.PerMinute).ShouldAllBe(n => n.Record && n.Unrecorded == 0);
        first.Skip(RejectedKeyAudit.PerMinute).ShouldAllBe(n => !n.Record);

        clock.Advance(TimeSpan.FromSeconds(59));
        audit.Next().Record.ShouldBeFalse("still the same minute");
        clock.Advance(TimeSpan.FromSeconds(1));
        audit.Next().ShouldBe((true, 51));
        audit.Next().ShouldBe((true, 0));
    }
}
