using Lethe.Storage;

namespace Lethe.Tests.Storage;

/// <summary>
/// The listener's wait between pings, which Npgsql takes in whole milliseconds (0 meaning for ever), and when a listener
/// whose pings do not come back counts as not hearing the channel.
/// </summary>
public sealed class PostgresListenerTests
{
    [Theory]
    [InlineData(0, 1000.0)]
    [InlineData(1, 999.0)]
    [InlineData(998.9, 1.1)]
    [InlineData(999.0, 1.0)]
    [InlineData(999.5, null)]
    [InlineData(999.99, null)]
    [InlineData(1000, null)]
    [InlineData(5000, null)]
    public void The_wait_is_at_least_a_millisecond_or_the_ping_is_due_now(double sinceLastPingMs, double? expectedMs)
    {
        var wait = PostgresListener.WaitBeforePing(TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(sinceLastPingMs));

        wait?.TotalMilliseconds.ShouldBe(expectedMs!.Value, tolerance: 0.0001);
        (wait is null).ShouldBe(expectedMs is null);
        if (wait is { } due)
        {
            // What Npgsql's WaitAsync makes of it: a positive number of milliseconds, never 0 (no timeout at all).
            ((int)due.TotalMilliseconds).ShouldBeGreaterThan(0);
        }
    }

    private static readonly DateTimeOffset Since = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    // status, ping every (s), heard back (s after Since, or null for never), now (s after Since), not hearing
    [InlineData(ListenerStatus.Listening, 1.0, null, 6.9, false)]
    [InlineData(ListenerStatus.Listening, 1.0, null, 7.1, true)]
    [InlineData(ListenerStatus.Listening, 1.0, 10.0, 16.9, false)]
    [InlineData(ListenerStatus.Listening, 1.0, 10.0, 17.1, true)]
    [InlineData(ListenerStatus.Listening, 30.0, null, 64.9, false)]
    [InlineData(ListenerStatus.Listening, 30.0, 100.0, 165.1, true)]
    [InlineData(ListenerStatus.Listening, null, null, 3600.0, false)]
    [InlineData(ListenerStatus.Reconnecting, 1.0, null, 3600.0, false)]
    [InlineData(ListenerStatus.Connecting, 1.0, null, 3600.0, false)]
    [InlineData(ListenerStatus.Off, null, null, 3600.0, false)]
    public void Listening_counts_as_not_hearing_only_when_its_ping_has_not_come_back_for_two_intervals_and_the_grace(
        ListenerStatus status, double? pingEverySeconds, double? heardBackAfter, double nowAfter, bool notHearing)
    {
        var state = new ListenerState(status, Since, PingEvery: pingEverySeconds is { } every ? TimeSpan.FromSeconds(every) : null,
            HeardBack: heardBackAfter is { } back ? Since.AddSeconds(back) : null);

        state.NotHearing(Since.AddSeconds(nowAfter)).ShouldBe(notHearing);
    }
}
