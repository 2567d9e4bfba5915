using Lethe.Work;
using Microsoft.Extensions.Time.Testing;

namespace Lethe.Tests.Work;

/// <summary>
/// The signal that wakes the work loops: a pulse wakes a waiting loop at once, pulses while a loop is busy become one
/// more round, the timeout is the safety net, and no pulse is ever lost between a loop's rounds.
/// </summary>
public sealed class WorkSignalTests
{
    private static readonly TimeSpan Long = TimeSpan.FromHours(1);

    [Fact]
    public async Task A_pulse_wakes_a_waiting_loop_at_once()
    {
        var signal = new WorkSignal();
        var waiter = signal.Subscribe();
        var waiting = waiter.WaitAsync(Long, new FakeTimeProvider(), default);
        await Task.Delay(50);
        waiting.IsCompleted.ShouldBeFalse("nothing was pulsed yet");

        signal.Pulse();

        (await waiting.WaitAsync(TimeSpan.FromSeconds(10))).ShouldBeTrue();
    }

    [Fact]
    public async Task Without_a_pulse_the_wait_ends_at_the_safety_net_interval()
    {
        var clock = new FakeTimeProvider();
        var waiter = new WorkSignal().Subscribe();
        var waiting = waiter.WaitAsync(TimeSpan.FromSeconds(30), clock, default);

        clock.Advance(TimeSpan.FromSeconds(29));
        await Task.Delay(50);
        waiting.IsCompleted.ShouldBeFalse();
        clock.Advance(TimeSpan.FromSeconds(1));

        (await waiting.WaitAsync(TimeSpan.FromSeconds(10))).ShouldBeFalse("the interval ended it, not a pulse");
    }

    [Fact]
    public async Task Pulses_while_the_loop_is_busy_become_one_more_round()
    {
        var signal = new WorkSignal();
        var waiter = signal.Subscribe();

        // A round is running: nobody waits while these arrive.
        for (var i = 0; i < 50; i++)
        {
            signal.Pulse();
        }

        (await waiter.WaitAsync(Long, new FakeTimeProvider(), default).WaitAsync(TimeSpan.FromSeconds(10))).ShouldBeTrue("the round after them");
        var next = waiter.WaitAsync(Long, new FakeTimeProvider(), default);
        await Task.Delay(50);
        next.IsCompleted.ShouldBeFalse("fifty pulses asked for one more round, not fifty");
        signal.Pulse();
        (await next.WaitAsync(TimeSpan.FromSeconds(10))).ShouldBeTrue();
    }

    [Fact]
    public async Task A_pulse_before_a_loop_subscribes_is_not_its_to_answer()
    {
        var signal = new WorkSignal();
        signal.Pulse();
        var waiter = signal.Subscribe();

        var waiting = waiter.WaitAsync(Long, new FakeTimeProvider(), default);
        await Task.Delay(50);

        // The loop's first round runs anyway and reads everything committed before it subscribed.
        waiting.IsCompleted.ShouldBeFalse();
        signal.Pulse();
        (await waiting.WaitAsync(TimeSpan.FromSeconds(10))).ShouldBeTrue();
    }

    [Fact]
    public async Task Every_loop_hears_every_pulse()
    {
        var signal = new WorkSignal();
        var requests = signal.Subscribe();
        var other = signal.Subscribe();
        var first = requests.WaitAsync(Long, new FakeTimeProvider(), default);

        signal.Pulse();

        (await first.WaitAsync(TimeSpan.FromSeconds(10))).ShouldBeTrue();
        (await other.WaitAsync(Long, new FakeTimeProvider(), default).WaitAsync(TimeSpan.FromSeconds(10))).ShouldBeTrue("it was busy, and is owed a round");
    }

    [Fact]
    public async Task Stopping_ends_the_wait()
    {
        using var stop = new CancellationTokenSource();
        var waiting = new WorkSignal().Subscribe().WaitAsync(Long, new FakeTimeProvider(), stop.Token);

        await stop.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    /// <summary>
    /// A producer commits a value and pulses, again and again, at random moments; the loop reads the value after every
    /// wait. Were a pulse ever lost between a read and the next wait, the loop would sleep for an hour with a value unread.
    /// </summary>
    [Fact]
    public async Task No_pulse_is_lost_however_pulses_and_rounds_interleave()
    {
        const int commits = 20_000;
        var signal = new WorkSignal();
        var waiter = signal.Subscribe();
        var committed = 0;
        var rounds = 0;
        var loop = Task.Run(async () =>
        {
            while (Volatile.Read(ref committed) < commits)
            {
                await waiter.WaitAsync(Long, TimeProvider.System, default);
                rounds++;
            }
        });
        var producer = Task.Run(() =>
        {
            var random = new Random(21);
            for (var i = 1; i <= commits; i++)
            {
                Volatile.Write(ref committed, i);
                signal.Pulse();
                if (random.Next(8) == 0)
                {
                    Thread.Yield();
                }
            }
        });

        await producer.WaitAsync(TimeSpan.FromSeconds(30));
        await loop.WaitAsync(TimeSpan.FromSeconds(30));

        rounds.ShouldBeLessThanOrEqualTo(commits, "at most one round per pulse");
        rounds.ShouldBeGreaterThan(0);
    }
}
