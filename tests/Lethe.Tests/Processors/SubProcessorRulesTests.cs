using Lethe.DataMap;
using Lethe.Processors;
using Lethe.Tests.DataMap;

namespace Lethe.Tests.Processors;

public sealed class SubProcessorRulesTests
{
    private static readonly Manifest Flexfone = ManifestFiles.Sample("flexfone");

    private static Processor Sub(string key, string name, string location = "DK", string? notice = null) => new()
    {
        Key = key, Name = name, Service = LocalizedText.Once("Network"), Location = location, Role = "sub-processor", NoticePeriod = notice,
    };

    private static Manifest With(params Processor[] processors) => Flexfone with { Processors = processors };

    [Fact]
    public void The_sub_processors_are_the_entries_with_that_role()
    {
        SubProcessors.Of(Flexfone).Select(p => p.Key).ShouldBe(["tdc"]);
        SubProcessors.Of(ManifestFiles.Sample("flex4business")).ShouldBeEmpty();
        SubProcessors.Of(null).ShouldBeEmpty();
    }

    [Fact]
    public void A_new_key_is_added_and_a_new_company_under_an_old_key_replaces_it()
    {
        var before = With(Sub("tdc", "TDC Holding A/S"), Sub("host", "Hosting ApS"));

        SubProcessors.Added(before, With(Sub("tdc", "TDC Holding A/S"), Sub("host", "Hosting ApS"))).ShouldBeEmpty();

        var added = SubProcessors.Added(before, With(Sub("tdc", "TDC Holding A/S"), Sub("host", "Hosting ApS"), Sub("sms", "SMS Gateway AB", "SE")));
        added.ShouldHaveSingleItem().Processor.Key.ShouldBe("sms");
        added[0].Replaces.ShouldBeNull();

        var replaced = SubProcessors.Added(before, With(Sub("tdc", "Telia Danmark"), Sub("host", "Hosting ApS", "DE")));
        replaced.Select(a => (a.Processor.Key, a.Replaces)).ShouldBe([("tdc", "TDC Holding A/S"), ("host", "Hosting ApS")]);
    }

    [Fact]
    public void Removing_a_sub_processor_or_adding_a_processor_of_another_role_asks_nobody()
    {
        var before = With(Sub("tdc", "TDC Holding A/S"));
        SubProcessors.Added(before, With()).ShouldBeEmpty();
        SubProcessors.Added(before, With(Sub("tdc", "TDC Holding A/S"), Sub("x", "X") with { Role = "processor" })).ShouldBeEmpty();
    }

    [Theory]
    [InlineData(null, "2026-03-01T10:00:00Z", "2026-03-31T10:00:00Z")]
    [InlineData("P14D", "2026-03-20T23:30:00Z", "2026-04-03T23:30:00Z")]
    [InlineData("P1M", "2026-01-31T08:00:00Z", "2026-02-28T08:00:00Z")]
    [InlineData("P2W", "2028-02-20T12:00:00Z", "2028-03-05T12:00:00Z")]
    public void The_notice_runs_the_agreements_period_from_the_instant_it_opened(string? period, string opened, string effective)
    {
        var at = DateTime.Parse(opened, null, System.Globalization.DateTimeStyles.AdjustToUniversal);
        SubProcessors.EffectiveAt(Sub("x", "X", notice: period), at).ShouldBe(DateTime.Parse(effective, null, System.Globalization.DateTimeStyles.AdjustToUniversal));
    }

    [Fact]
    public void A_notice_over_the_night_the_clocks_change_is_still_whole_days_of_elapsed_time()
    {
        // Danish summer time ends on 25 October 2026: thirty days from the 10th are 720 hours, not 721.
        var opened = new DateTime(2026, 10, 10, 12, 0, 0, DateTimeKind.Utc);
        (SubProcessors.EffectiveAt(Sub("x", "X"), opened) - opened).ShouldBe(TimeSpan.FromHours(720));
    }

    private static readonly DateTime Opened = new(2026, 3, 1, 14, 0, 0, DateTimeKind.Utc);

    /// <summary>The change <see cref="SubProcessors.Added"/> finds, announced at <see cref="Opened"/> with the entry's notice period.</summary>
    private static IReadOnlyList<AnnouncedChange> Announced(Manifest before, Manifest after, DateTime? at = null) =>
        SubProcessors.Added(before, after).Select(a => new AnnouncedChange(a.Processor.Key, a.Processor.Name, a.Processor.Location, a.Replaces,
            a.Replaced?.Location, at ?? Opened, SubProcessors.EffectiveAt(a.Processor, at ?? Opened))).ToList();

    private static string Listing(IReadOnlyList<ListedSubProcessor> seen) => string.Join("; ", seen.Select(s =>
        $"{s.Processor.Key} {s.Processor.Name} ({s.Processor.Location}) "
        + (s.TakesEffectAt is { } from ? FormattableString.Invariant($"announced for {from:yyyy-MM-dd HH:mm}")
            : s.InUseUntil is { } until ? FormattableString.Invariant($"in use until {until:yyyy-MM-dd HH:mm}") : "in use")));

    [Theory]
    // Nothing announced: the data map's list is what is in use.
    [InlineData("2026-03-01T14:00:00Z", "tdc TDC Holding A/S (DK) in use")]
    public void Without_a_change_every_sub_processor_is_in_use(string now, string expected) =>
        Listing(SubProcessors.AsSeenAt(SubProcessors.Of(With(Sub("tdc", "TDC Holding A/S"))), [], At(now))).ShouldBe(expected);

    [Theory]
    // Announced on 1 March at 14:00 with a 14-day notice: announced until 15 March 14:00, in use from that instant.
    [InlineData("2026-03-01T14:00:00Z", "tdc TDC Holding A/S (DK) in use; sms SMS Gateway AB (SE) announced for 2026-03-15 14:00")]
    [InlineData("2026-03-15T13:59:59Z", "tdc TDC Holding A/S (DK) in use; sms SMS Gateway AB (SE) announced for 2026-03-15 14:00")]
    [InlineData("2026-03-15T14:00:00Z", "tdc TDC Holding A/S (DK) in use; sms SMS Gateway AB (SE) in use")]
    public void An_added_sub_processor_is_announced_until_its_notice_ends(string now, string expected)
    {
        var before = With(Sub("tdc", "TDC Holding A/S"));
        var after = With(Sub("tdc", "TDC Holding A/S"), Sub("sms", "SMS Gateway AB", "SE", "P14D"));
        Listing(SubProcessors.AsSeenAt(SubProcessors.Of(after), Announced(before, after), At(now))).ShouldBe(expected);
    }

    [Theory]
    // The company replaced stays in use, under its own name and location, until the 30 days are over.
    [InlineData("2026-03-02T09:00:00Z", "tdc TDC Holding A/S (DK) in use until 2026-03-31 14:00; tdc Telia Danmark (SE) announced for 2026-03-31 14:00")]
    [InlineData("2026-03-31T14:00:00Z", "tdc Telia Danmark (SE) in use")]
    public void A_replaced_sub_processor_stays_in_use_until_its_successor_takes_effect(string now, string expected)
    {
        var before = With(Sub("tdc", "TDC Holding A/S"));
        var after = With(Sub("tdc", "Telia Danmark", "SE"));
        Listing(SubProcessors.AsSeenAt(SubProcessors.Of(after), Announced(before, after), At(now))).ShouldBe(expected);
    }

    [Fact]
    public void A_change_announced_before_its_old_location_was_kept_shows_the_entrys_location_for_both()
    {
        var change = new AnnouncedChange("tdc", "Telia Danmark", "DK", "TDC Holding A/S", null, Opened, Opened.AddDays(30));
        Listing(SubProcessors.AsSeenAt(SubProcessors.Of(With(Sub("tdc", "Telia Danmark"))), [change], Opened.AddDays(1)))
            .ShouldBe("tdc TDC Holding A/S (DK) in use until 2026-03-31 14:00; tdc Telia Danmark (DK) announced for 2026-03-31 14:00");
    }

    [Fact]
    public void A_key_changed_again_while_announced_keeps_the_company_in_use_before_the_first_change_until_the_last_takes_effect()
    {
        var first = With(Sub("tdc", "TDC Holding A/S"));
        var second = With(Sub("tdc", "Telia Danmark"));
        var third = With(Sub("tdc", "Telenor Danmark"));
        var announced = Announced(first, second).Concat(Announced(second, third, Opened.AddDays(10))).ToList();
        Listing(SubProcessors.AsSeenAt(SubProcessors.Of(third), announced, Opened.AddDays(20))).ShouldBe(
            "tdc TDC Holding A/S (DK) in use until 2026-04-10 14:00; tdc Telenor Danmark (DK) announced for 2026-04-10 14:00");
        // Once the first change took effect, the one in use is the company it brought.
        Listing(SubProcessors.AsSeenAt(SubProcessors.Of(third), announced, Opened.AddDays(31))).ShouldBe(
            "tdc Telia Danmark (DK) in use until 2026-04-10 14:00; tdc Telenor Danmark (DK) announced for 2026-04-10 14:00");
    }

    [Fact]
    public void A_request_is_forwarded_to_no_sub_processor_before_it_takes_effect_and_to_the_replaced_company_until_then()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(Opened));
        var before = With(Sub("tdc", "TDC Holding A/S"), Sub("host", "Hosting ApS") with { Role = "processor" });
        var after = With(Sub("tdc", "Telia Danmark"), Sub("host", "Hosting ApS") with { Role = "processor" }, Sub("sms", "SMS Gateway AB", "SE", "P14D")) with
        {
            Activities = Flexfone.Activities.Select(a => a.Key == "telephony_for_customers" ? a with { Recipients = ["tdc", "host", "sms"] } : a).ToList(),
        };
        var announced = Announced(before, after);
        Lethe.Execution.Identity[] employee = [new("extension", "214"), new("full_name", "Lone Berg")];
        string ForwardedTo() => string.Join(", ", Lethe.Requests.Forwarding.Recipients(after, employee, announced, clock.GetUtcNow().UtcDateTime).Select(r => r.Processor.Name));

        ForwardedTo().ShouldBe("TDC Holding A/S, Hosting ApS", "the processor of another role is never announced; the new ones wait");
        clock.Advance(TimeSpan.FromDays(14));
        ForwardedTo().ShouldBe("TDC Holding A/S, Hosting ApS, SMS Gateway AB", "the SMS gateway's 14 days are over");
        clock.Advance(TimeSpan.FromDays(16));
        ForwardedTo().ShouldBe("Telia Danmark, Hosting ApS, SMS Gateway AB", "and so are Telia's 30");
    }

    private static DateTime At(string iso) => DateTime.Parse(iso, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal);
}
