using System.Net;
using Lethe.Accounts;

namespace Lethe.Tests.Accounts;

/// <summary>The lockout rule and the client address it counts by, as plain values.</summary>
public sealed class SignInLockoutTests
{
    [Theory]
    [InlineData(1, null)]
    [InlineData(4, null)]
    [InlineData(5, 15)]
    [InlineData(6, 30)]
    [InlineData(7, 60)]
    [InlineData(11, 960)]
    [InlineData(12, 1440)]
    [InlineData(13, 1440)]
    [InlineData(1000, 1440)]
    [InlineData(int.MaxValue, 1440)]
    public void Five_failures_pause_for_a_quarter_of_an_hour_and_each_further_one_doubles_it_up_to_a_day(int failures, int? minutes) =>
        SignInLockout.PauseAfter(failures).ShouldBe(minutes is { } m ? TimeSpan.FromMinutes(m) : null);

    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    [InlineData("::1", "::/64")]
    public void A_client_is_its_address_or_its_IPv6_network(string address, string key) =>
        ClientAddress.KeyOf(IPAddress.Parse(address)).ShouldBe(key);

    [Fact]
    public void A_client_without_an_address_is_one_unknown_client() => ClientAddress.KeyOf(null).ShouldBe(ClientAddress.Unknown);

    [Fact]
    public void A_failure_after_a_quiet_day_starts_a_new_series()
    {
        var start = new DateTime(2026, 12, 3, 9, 0, 0, DateTimeKind.Utc);
        var row = new SignInLock { UserId = "u", Client = "203.0.113.7" };
        for (var i = 0; i < 4; i++)
        {
            row.CountFailure(start).ShouldBeFalse();
        }

        row.CountFailure(start + SignInLockout.Memory + TimeSpan.FromMinutes(1)).ShouldBeFalse("the four before are forgotten");
        row.Failures.ShouldBe(1);
    }

    [Fact]
    public void A_running_pause_is_never_forgotten()
    {
        var start = new DateTime(2026, 12, 3, 9, 0, 0, DateTimeKind.Utc);
        var row = new SignInLock { UserId = "u", Client = "203.0.113.7", Failures = 20, LastFailureAt = start, LockedUntil = start + TimeSpan.FromDays(2) };

        row.IsForgottenAt(start + TimeSpan.FromDays(1.5)).ShouldBeFalse();
        row.IsForgottenAt(start + TimeSpan.FromDays(2.1)).ShouldBeTrue();
    }
}
