using Lethe.Requests;
using Lethe.Web.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Lethe.Web.Tests.Hosting;

/// <summary>
/// The background hosts keep out of the server's start: no round before the server is ready, and the first timed round
/// only after <c>Lethe:Worker:StartDelaySeconds</c> more.
/// </summary>
public sealed class IntervalHostTests
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task No_round_runs_before_the_server_is_ready_and_the_first_waits_the_start_delay()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero));
        var lifetime = new Lifetime();
        var host = new CountingHost(Options(startDelaySeconds: 5), lifetime, time);
        await host.StartAsync(CancellationToken.None);

        // Starting takes a minute of the clock: the host waits for the server, not for time.
        time.Advance(TimeSpan.FromMinutes(1));
        await Task.Delay(200);
        host.Rounds.ShouldBe(0);

        var ready = time.GetUtcNow();
        lifetime.Started();
        await AdvanceUntilAsync(time, host.FirstRound);

        host.FirstRoundAt.ShouldNotBeNull();
        (host.FirstRoundAt.Value - ready).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(5));
        await host.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task With_no_start_delay_the_first_round_runs_as_the_server_is_ready()
    {
        var time = new FakeTimeProvider();
        var lifetime = new Lifetime();
        var host = new CountingHost(Options(startDelaySeconds: 0), lifetime, time);
        await host.StartAsync(CancellationToken.None);
        await Task.Delay(200);
        host.Rounds.ShouldBe(0, "not before the server is ready");

        lifetime.Started();

        // The fake clock never moves: only the server being ready can have started the round.
        await host.FirstRound.WaitAsync(Within);
        host.Rounds.ShouldBe(1);
        await host.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_server_stopped_before_it_was_ready_runs_no_round()
    {
        var time = new FakeTimeProvider();
        var host = new CountingHost(Options(startDelaySeconds: 0), new Lifetime(), time);
        await host.StartAsync(CancellationToken.None);
        await Task.Delay(200);

        await host.StopAsync(CancellationToken.None).WaitAsync(Within);

        (host.ExecuteTask is { IsCompleted: true }).ShouldBeTrue("the host's loop has ended");
        host.Rounds.ShouldBe(0);
    }

    private static IOptions<WorkerOptions> Options(int startDelaySeconds) =>
        Microsoft.Extensions.Options.Options.Create(new WorkerOptions { IntervalSeconds = 30, StartDelaySeconds = startDelaySeconds });

    /// <summary>Moves the fake clock a second at a time until <paramref name="done"/>; the host's timer may be set late.</summary>
    private static async Task AdvanceUntilAsync(FakeTimeProvider time, Task done)
    {
        var deadline = DateTime.UtcNow + Within;
        while (!done.IsCompleted && DateTime.UtcNow < deadline)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(20);
        }

        await done.WaitAsync(Within);
    }

    private sealed class CountingHost(IOptions<WorkerOptions> options, IHostApplicationLifetime lifetime, TimeProvider time)
        : IntervalHost(options, lifetime, time, NullLogger.Instance)
    {
        private readonly TaskCompletionSource first = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TimeProvider clock = time;
        private int rounds;

        public int Rounds => Volatile.Read(ref rounds);

        public DateTimeOffset? FirstRoundAt { get; private set; }

        public Task FirstRound => first.Task;

        protected override string What => "counting host";

        protected override Task RunOnceAsync(CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref rounds) == 1)
            {
                FirstRoundAt = clock.GetUtcNow();
                first.TrySetResult();
            }

            return Task.CompletedTask;
        }
    }

    private sealed class Lifetime : IHostApplicationLifetime
    {
        private readonly CancellationTokenSource started = new();

        public CancellationToken ApplicationStarted => started.Token;

        public CancellationToken ApplicationStopping => CancellationToken.None;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void Started() => started.Cancel();

        public void StopApplication()
        {
        }
    }
}
