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
}
