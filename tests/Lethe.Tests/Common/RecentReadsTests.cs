using Lethe.Common;
using Microsoft.Extensions.Time.Testing;

namespace Lethe.Tests.Common;

public sealed class RecentReadsTests
{
    [Fact]
    public async Task A_value_is_read_again_once_it_is_older_than_the_callers_maximum_age_whoever_kept_it()
    {
        var clock = new FakeTimeProvider();
        using var recent = new RecentReads(clock);
        var reads = 0;
        Task<int> Read() => Task.FromResult(++reads);

        (await recent.GetAsync("kind", "key", TimeSpan.FromHours(1), Read)).ShouldBe(1);
        (await recent.GetAsync("kind", "key", TimeSpan.FromHours(1), Read)).ShouldBe(1, "an hour-old value may serve an hour");
        clock.Advance(TimeSpan.FromMilliseconds(10));
        (await recent.GetAsync("kind", "key", TimeSpan.FromMilliseconds(10), Read)).ShouldBe(1, "exactly 10 ms old: still young enough");
        clock.Advance(TimeSpan.FromMilliseconds(1));
        (await recent.GetAsync("kind", "key", TimeSpan.FromMilliseconds(10), Read)).ShouldBe(2, "kept for an hour, but this caller takes 10 ms at most");
        (await recent.GetAsync("kind", "key", TimeSpan.Zero, Read)).ShouldBe(3, "no maximum age: always read");

        recent.Forget("kind", "key");
        (await recent.GetAsync("kind", "key", TimeSpan.FromHours(1), Read)).ShouldBe(4, "forgotten after a change");
    }
}
