using Lethe.Audit;

namespace Lethe.Tests.Audit;

public sealed class AuditSearchTests
{
    [Theory]
    [InlineData("2026-03-01T15:30:00", "2026-03-01T23:59:59.9999999")]
    [InlineData("2028-02-29T00:00:00", "2028-02-29T23:59:59.9999999")]
    [InlineData("0001-01-01T00:00:00", "0001-01-01T23:59:59.9999999")]
    [InlineData("9999-12-31T00:00:00", "9999-12-31T23:59:59.9999999")]
    [InlineData("9999-12-31T23:59:59.9999999", "9999-12-31T23:59:59.9999999")]
    public void Through_day_is_the_last_tick_of_the_day_even_the_calendars_last(string day, string last) =>
        AuditSearch.ThroughDay(DateTime.Parse(day, System.Globalization.CultureInfo.InvariantCulture))
            .ShouldBe(DateTime.Parse(last, System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void No_day_is_no_bound() => AuditSearch.ThroughDay(null).ShouldBeNull();
}
