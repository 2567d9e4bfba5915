using System.Net;
using Lethe.Web.Tests.Support;

namespace Lethe.Web.Tests.Audit;

/// <summary>The console's audit pages, filtered to the last day the calendar has: "to" counts to the end of the day.</summary>
public sealed class AuditPageTests(BasicServer fixture) : IClassFixture<BasicServer>
{
    [Theory]
    [InlineData("/audit?to=9999-12-31")]
    [InlineData("/audit?to=9999-12-31T23:59:59.9999999Z&from=0001-01-01")]
    [InlineData("/t/tenant-a/audit?to=9999-12-31")]
    public async Task The_last_day_of_the_calendar_is_a_filter_like_any_other(string url)
    {
        // The end of the day was the next day less a tick: past 9999-12-31 there is no next day, and it threw.
        var response = await fixture.Admin.GetAsync(url);

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }
}
