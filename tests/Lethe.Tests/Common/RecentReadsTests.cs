using Lethe.Common;
using Microsoft.Extensions.Time.Testing;

namespace Lethe.Tests.Common;

public sealed class RecentReadsTests
{
    private static readonly TimeSpan TenMs = TimeSpan.FromMilliseconds(10);

    // Minutes on the fake clock: the entries also expire in real time, which a slow test run must not reach.
    private static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(10);

    [Fact]
    public async Task A_value_is_read_again_once_it_is_older_than_the_callers_maximum_age_whoever_kept_it()
    {
        var clock = new FakeTimeProvider();
        using var recent = new RecentReads(clock);
        var reads = 0;
        Task<int> Read() => Task.FromResult(++reads);

        (await recent.GetAsync("kind", "key", TimeSpan.FromHours(1), Read)).ShouldBe(1);
        (await recent.GetAsync("kind", "key", TimeSpan.FromHours(1), Read)).ShouldBe(1, "an hour-old value may serve an hour");
        clock.Advance(TimeSpan.FromMilliseconds(4.9));
        (await recent.GetAsync("kind", "key", TenMs, Read)).ShouldBe(1, "under half this caller's 10 ms: taken as it is");
        clock.Advance(TimeSpan.FromMilliseconds(6));
        (await recent.GetAsync("kind", "key", TenMs, Read)).ShouldBe(2, "kept for an hour, but this caller takes 10 ms at most");
        (await recent.GetAsync("kind", "key", TimeSpan.Zero, Read)).ShouldBe(3, "no maximum age: always read");

        recent.Forget("kind", "key");
        (await recent.GetAsync("kind", "key", TimeSpan.FromHours(1), Read)).ShouldBe(4, "forgotten after a change");
    }

    [Fact]
    public async Task Past_half_its_age_one_caller_reads_again_while_the_others_take_the_kept_value_until_it_is_too_old()
    {
        var clock = new FakeTimeProvider();
        using var recent = new RecentReads(clock);
        (await recent.GetAsync("kind", "key", MaxAge, () => Task.FromResult("first"))).ShouldBe("first");

        clock.Advance(TimeSpan.FromMinutes(6));
        var slow = Pending();
        var refreshing = recent.GetAsync("kind", "key", MaxAge, () => slow.Task);
        refreshing.IsCompleted.ShouldBeFalse("the first caller past half-way reads again and waits for the database");

        var others = 0;
        Task<string> Other() => Task.FromResult($"other {++others}");
        (await recent.GetAsync("kind", "key", MaxAge, Other)).ShouldBe("first", "while one caller reads, the others take the kept value");
        clock.Advance(TimeSpan.FromMinutes(4));
        (await recent.GetAsync("kind", "key", MaxAge, Other)).ShouldBe("first", "10 minutes old: still young enough");
        others.ShouldBe(0);

        slow.SetResult("refreshed");
        (await refreshing).ShouldBe("refreshed");
        (await recent.GetAsync("kind", "key", MaxAge, Other)).ShouldBe("refreshed", "the refresh is kept for the callers after it, as read 4 minutes ago");

        clock.Advance(TimeSpan.FromMinutes(1));
        var stuck = Pending();
        var hanging = recent.GetAsync("kind", "key", MaxAge, () => stuck.Task);
        (await recent.GetAsync("kind", "key", MaxAge, Other)).ShouldBe("refreshed");
        clock.Advance(TimeSpan.FromMinutes(5.1));
        (await recent.GetAsync("kind", "key", MaxAge, Other)).ShouldBe("other 1", "too old for anyone: a caller does not wait on another's refresh, it reads");
        stuck.SetResult("late");
        (await hanging).ShouldBe("late", "its caller gets what it read");
        (await recent.GetAsync("kind", "key", MaxAge, Other)).ShouldBe("other 1", "a read that began before a newer one does not replace it");
    }

    [Fact]
    public async Task A_read_that_began_before_the_value_was_forgotten_does_not_put_it_back()
    {
        var clock = new FakeTimeProvider();
        using var recent = new RecentReads(clock);
        var slow = Pending();
        var reading = recent.GetAsync("kind", "key", MaxAge, () => slow.Task);

        recent.Forget("kind", "key");
        slow.SetResult("before the change");
        (await reading).ShouldBe("before the change");

        (await recent.GetAsync("kind", "key", MaxAge, () => Task.FromResult("after the change"))).ShouldBe("after the change");
        (await recent.GetAsync("kind", "key", MaxAge, () => Task.FromResult("again"))).ShouldBe("after the change", "a read after the change is kept");
    }

    [Fact]
    public async Task A_refresh_that_is_not_kept_lets_a_later_caller_read_again()
    {
        var clock = new FakeTimeProvider();
        using var recent = new RecentReads(clock);
        (await recent.GetAsync("kind", "a", MaxAge, () => Task.FromResult("first"))).ShouldBe("first");
        clock.Advance(TimeSpan.FromMinutes(6));

        var slow = Pending();
        var refreshing = recent.GetAsync("kind", "a", MaxAge, () => slow.Task);
        // Another value changed meanwhile: the refresh cannot tell it was not this one, so it is not kept.
        recent.Forget("kind", "b");
        slow.SetResult("refreshed");
        (await refreshing).ShouldBe("refreshed");

        (await recent.GetAsync("kind", "a", MaxAge, () => Task.FromResult("again"))).ShouldBe("again", "the claim was given back, so the next caller reads");
        (await recent.GetAsync("kind", "a", MaxAge, () => Task.FromResult("once more"))).ShouldBe("again");
    }

    [Fact]
    public async Task A_refresh_that_fails_lets_the_next_caller_try()
    {
        var clock = new FakeTimeProvider();
        using var recent = new RecentReads(clock);
        (await recent.GetAsync("kind", "key", MaxAge, () => Task.FromResult(1))).ShouldBe(1);
        clock.Advance(TimeSpan.FromMinutes(6));

        await Should.ThrowAsync<TimeoutException>(() => recent.GetAsync<int>("kind", "key", MaxAge, () => throw new TimeoutException()));

        (await recent.GetAsync("kind", "key", MaxAge, () => Task.FromResult(2))).ShouldBe(2, "the failed refresh gave up its claim");
        (await recent.GetAsync("kind", "key", MaxAge, () => Task.FromResult(3))).ShouldBe(2, "and the new value is kept");
    }

    /// <summary>A database read that has not answered yet.</summary>
    private static TaskCompletionSource<string> Pending() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
