using System.Globalization;
using Lethe.DataMap;
using Lethe.Execution;
using Lethe.Requests;
using Lethe.Tenancy;
using Lethe.Tests.DataMap;
using Microsoft.Extensions.Time.Testing;

namespace Lethe.Tests.Requests;

/// <summary>Whom a request is forwarded to, and the day the processor's confirmation is due: plain rules, table-tested.</summary>
public sealed class ForwardingRulesTests
{
    private static readonly Manifest Flexfone = ManifestFiles.Sample("flexfone");

    private static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture);

    private static DateOnly D(string iso) => DateOnly.Parse(iso, CultureInfo.InvariantCulture);

    /// <summary>With no sub-processor change announced: every recipient in the data map is in use.</summary>
    private static IReadOnlyList<ForwardedTo> Recipients(Manifest manifest, IReadOnlyCollection<Identity> identities) =>
        Forwarding.Recipients(manifest, identities, [], At("2026-01-05T08:00:00Z").UtcDateTime);

    [Theory]
    // Seven days before the request's deadline, counted in whole days.
    [InlineData("2026-01-05T08:00:00Z", "DK", "2026-02-05", "2026-01-29")]
    [InlineData("2026-11-24T09:00:00Z", "NO", "2026-12-24", "2026-12-17")]
    [InlineData("2026-12-28T09:00:00Z", "DK", "2027-01-28", "2027-01-21")]
    [InlineData("2028-02-20T09:00:00Z", "DK", "2028-03-05", "2028-02-27")]
    // Exactly seven days left: due the day it is forwarded.
    [InlineData("2026-01-29T10:00:00Z", "DK", "2026-02-05", "2026-01-29")]
    // Fewer than seven days left, or the deadline already passed: never before the day it is forwarded.
    [InlineData("2026-02-01T10:00:00Z", "DK", "2026-02-05", "2026-02-01")]
    [InlineData("2026-02-05T10:00:00Z", "DK", "2026-02-05", "2026-02-05")]
    [InlineData("2026-02-10T10:00:00Z", "NO", "2026-02-05", "2026-02-10")]
    // The day it is forwarded is the controller's: 23:30 UTC on 4 February is 5 February in Copenhagen (CET, UTC+1) …
    [InlineData("2026-02-04T23:30:00Z", "DK", "2026-02-08", "2026-02-05")]
    [InlineData("2026-02-04T22:30:00Z", "DK", "2026-02-08", "2026-02-04")]
    // … and in summer time (CEST, UTC+2) 22:30 UTC is already the next day.
    [InlineData("2026-07-01T22:30:00Z", "DK", "2026-07-05", "2026-07-02")]
    [InlineData("2026-07-01T21:30:00Z", "NO", "2026-07-05", "2026-07-01")]
    // Without a deadline: fourteen days after forwarding, across the spring and autumn clock changes alike.
    [InlineData("2026-01-05T08:00:00Z", "DK", null, "2026-01-19")]
    [InlineData("2026-03-28T23:30:00Z", "DK", null, "2026-04-12")]
    [InlineData("2026-03-29T21:30:00Z", "DK", null, "2026-04-12")]
    [InlineData("2026-03-29T22:30:00Z", "DK", null, "2026-04-13")]
    [InlineData("2026-10-24T22:30:00Z", "NO", null, "2026-11-08")]
    [InlineData("2026-10-25T22:30:00Z", "NO", null, "2026-11-08")]
    [InlineData("2026-10-25T23:30:00Z", "NO", null, "2026-11-09")]
    public void The_confirmation_is_due_a_week_before_the_deadline_never_before_the_day_forwarded(string forwarded, string country, string? requestDue, string due) =>
        Forwarding.DueOn(At(forwarded), Enum.Parse<Country>(country), requestDue is null ? null : D(requestDue)).ShouldBe(D(due));

    [Fact]
    public void Every_day_and_hour_of_four_years_and_every_days_left_keep_the_rule()
    {
        for (var day = D("2026-01-01"); day < D("2030-01-01"); day = day.AddDays(1))
        {
            foreach (var hour in new[] { 0, 12, 21, 22, 23 })
            {
                var at = new DateTimeOffset(day.ToDateTime(new TimeOnly(hour, 30)), TimeSpan.Zero);
                var forwardedOn = Deadline.ReceivedOn(at, Country.DK);
                // A fresh request forwarded the day it came in: a week before its deadline, which is weeks away.
                var fresh = Deadline.Due(at, Country.DK);
                Forwarding.DueOn(at, Country.DK, fresh).ShouldBe(fresh.AddDays(-Forwarding.DaysBeforeDeadline));
                foreach (var left in new[] { -3, 0, 1, 6, 7, 8, 30 })
                {
                    var requestDue = forwardedOn.AddDays(left);
                    var due = Forwarding.DueOn(at, Country.DK, requestDue);
                    var label = $"{at:O} with {left} day(s) left";
                    due.ShouldBeGreaterThanOrEqualTo(forwardedOn, label);
                    due.ShouldBe(left >= Forwarding.DaysBeforeDeadline ? requestDue.AddDays(-Forwarding.DaysBeforeDeadline) : forwardedOn, label);
                }

                Forwarding.DueOn(at, Country.DK, null).DayNumber.ShouldBe(forwardedOn.DayNumber + Forwarding.DaysWithoutDeadline);
            }
        }
    }

    [Theory]
    // Due on Sunday 29 March, the night Copenhagen moves from UTC+1 to UTC+2: late from midnight summer time, 22:00 UTC.
    [InlineData("2026-03-27T09:00:00Z", "DK", "2026-04-05", "2026-03-29", "2026-03-29T22:00:00Z")]
    // Due on Sunday 25 October, the night Oslo moves back to UTC+1: late from midnight winter time, 23:00 UTC.
    [InlineData("2026-10-18T09:00:00Z", "NO", "2026-11-01", "2026-10-25", "2026-10-25T23:00:00Z")]
    public void A_step_due_on_the_day_the_clocks_change_is_late_from_that_nights_midnight(string approved, string country, string requestDue, string due, string lateFrom)
    {
        var where = Enum.Parse<Country>(country);
        var clock = new FakeTimeProvider(At(approved));
        var dueOn = Forwarding.DueOn(clock.GetUtcNow(), where, D(requestDue));
        dueOn.ShouldBe(D(due));

        clock.SetUtcNow(At(lateFrom) - TimeSpan.FromMinutes(1));
        Forwarding.IsOverdue(dueOn, clock.GetUtcNow(), where).ShouldBeFalse("23:59 where the controller is is still the due day");
        clock.Advance(TimeSpan.FromMinutes(1));
        Forwarding.IsOverdue(dueOn, clock.GetUtcNow(), where).ShouldBeTrue("midnight where the controller is");
    }

    [Theory]
    // An employee in the PBX, found by extension and name together or by phone: the telephony is run with TDC, which
    // receives it.
    [InlineData("extension,full_name", "tdc")]
    [InlineData("phone", "tdc")]
    // An extension alone finds no one (extensions repeat between customers), so the PBX cannot hold the person's data.
    [InlineData("extension", "")]
    // A reseller's contact found by e-mail only: the portal's activity names no recipient.
    [InlineData("email", "")]
    [InlineData("customer_number", "")]
    public void A_request_goes_to_the_processors_that_receive_data_from_where_the_person_is_found(string identities, string recipients) =>
        Recipients(Flexfone, identities.Split(',').Select(t => new Identity(t, "x")).ToList())
            .Select(r => r.Processor.Key).ShouldBe(recipients.Split(',', StringSplitOptions.RemoveEmptyEntries));

    [Fact]
    public void Each_recipient_comes_with_the_activities_it_receives_the_data_through()
    {
        var tdc = Recipients(Flexfone, [new Identity("phone", "+45 20 12 34 56")]).ShouldHaveSingleItem();
        tdc.Processor.Name.ShouldBe("TDC Holding A/S");
        tdc.Activities.Select(a => a.Key).ShouldBe(["telephony_for_customers"]);
    }

    [Fact]
    public void Only_processors_and_sub_processors_are_forwarded_to_and_only_when_an_activity_of_a_reached_system_names_them()
    {
        Processor P(string key, string role) => new() { Key = key, Name = key.ToUpperInvariant(), Service = LocalizedText.Once("x"), Location = "DK", Role = role };
        var manifest = Flexfone with
        {
            Processors = [P("tdc", "sub-processor"), P("host", "processor"), P("partner", "joint-controller"), P("bank", "independent-controller"), P("unused", "processor")],
            Activities = Flexfone.Activities.Select(a => a.Key switch
            {
                "telephony_for_customers" => a with { Recipients = ["tdc", "host", "partner", "bank"] },
                "reseller_administration" => a with { Recipients = ["unused"] },
                _ => a,
            }).ToList(),
        };

        Recipients(manifest, [new Identity("extension", "214"), new Identity("full_name", "Lone Berg")]).Select(r => r.Processor.Key).ShouldBe(["tdc", "host"]);
        Recipients(manifest, [new Identity("phone", "+45 20 12 34 56")]).Select(r => r.Processor.Key).ShouldBe(["tdc", "host", "unused"]);
        Recipients(manifest, [new Identity("email", "a@b.example")]).Select(r => r.Processor.Key).ShouldBe(["unused"]);
        Recipients(manifest, []).ShouldBeEmpty();
    }

    [Fact]
    public void A_processor_marked_not_to_be_forwarded_to_is_left_out_and_the_others_stay()
    {
        Processor P(string key, bool? forward) => new() { Key = key, Name = key, Service = LocalizedText.Once("x"), Location = "DK", Role = "processor", ForwardRequests = forward };
        var manifest = Flexfone with
        {
            Processors = [P("hosting", false), P("archive", true), P("mail", null)],
            Activities = Flexfone.Activities.Select(a => a.Key == "telephony_for_customers" ? a with { Recipients = ["hosting", "archive", "mail"] } : a).ToList(),
        };

        Recipients(manifest, [new Identity("phone", "+45 20 12 34 56")]).Select(r => r.Processor.Key).ShouldBe(["archive", "mail"]);
    }

    [Theory]
    [InlineData("sub-processor:tdc", true)]
    [InlineData("pbx.db", false)]
    [InlineData("sub-processor", false)]
    public void A_forwarded_step_is_named_after_the_processor(string datastore, bool forwarded)
    {
        Forwarding.IsForwarded(datastore).ShouldBe(forwarded);
        Forwarding.StepName("tdc").ShouldBe("sub-processor:tdc");
    }
}
