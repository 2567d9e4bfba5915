using Lethe.Storage;

namespace Lethe.Tests.Storage;

/// <summary>The listener's wait between pings, which Npgsql takes in whole milliseconds (0 meaning for ever).</summary>
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
}
