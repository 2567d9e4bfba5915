using System.Diagnostics;

namespace Lethe.Web.Tests.Support;

/// <summary>Polls until a condition holds, failing with what was last seen once the deadline passes: a condition, not a sleep.</summary>
public static class Eventually
{
    public static async Task<T> ReachedAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what, TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            if (clock.Elapsed > within)
            {
                throw new ShouldAssertException($"Not {what} within {within.TotalSeconds} s; last seen: {value}");
            }

            await Task.Delay(25);
        }
    }
}
