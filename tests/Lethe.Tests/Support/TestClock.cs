using Microsoft.Extensions.Time.Testing;

namespace Lethe.Tests.Support;

/// <summary>
/// Where the fake clocks of tests start: one fixed instant, so what a test sees (deadlines, holds, demo data's ages) never
/// depends on the day it runs. Whole seconds, so times read back from PostgreSQL (microseconds) compare equal; early in
/// the year, because <see cref="FakeTimeProvider.SetUtcNow"/> only moves forward and tests set dates from January on.
/// </summary>
public static class TestClock
{
    public static readonly DateTimeOffset Start = new(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);
}
