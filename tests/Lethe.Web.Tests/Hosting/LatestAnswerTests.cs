using Lethe.Web.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Lethe.Web.Tests.Hosting;

public sealed class LatestAnswerTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task An_answer_is_worked_out_once_a_minute_and_again_after()
    {
        var time = new FakeTimeProvider();
        var latest = new LatestAnswer<string>(Minute);
        var counts = 0;
        Task<string> Count(CancellationToken _) => Task.FromResult($"count {++counts}");

        (await latest.GetAsync(Count, time, default)).ShouldBe("count 1");
        time.Advance(TimeSpan.FromSeconds(59));
        (await latest.GetAsync(Count, time, default)).ShouldBe("count 1");
        time.Advance(TimeSpan.FromSeconds(2));
        (await latest.GetAsync(Count, time, default)).ShouldBe("count 2");
        counts.ShouldBe(2);
    }

    [Fact]
    public async Task While_one_caller_works_it_out_the_others_get_the_answer_before_and_a_failure_is_that_callers_alone()
    {
        var time = new FakeTimeProvider();
        var latest = new LatestAnswer<string>(Minute);
        (await latest.GetAsync(_ => Task.FromResult("first"), time, default)).ShouldBe("first");
        time.Advance(Minute);

        var slow = new TaskCompletionSource<string>();
        var working = latest.GetAsync(_ => slow.Task, time, default);
        var others = 0;
        (await latest.GetAsync(_ => Task.FromResult($"other {++others}"), time, default)).ShouldBe("first");
        others.ShouldBe(0);
        slow.SetException(new TimeoutException("the database is slow"));
        await Should.ThrowAsync<TimeoutException>(working);

        (await latest.GetAsync(_ => Task.FromResult("second"), time, default)).ShouldBe("second");
    }
}
