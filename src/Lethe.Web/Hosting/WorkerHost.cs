using Lethe.Requests;
using Lethe.Work;
using Microsoft.Extensions.Options;

namespace Lethe.Web.Hosting;

/// <summary>
/// Runs the background work on requests in the web host (<see cref="RequestRound"/>): steps, packages, reminders,
/// webhooks, mail — as soon as a change makes work due (<see cref="WorkSignal"/>), and at the timed round, the safety net
/// and the clock for work that falls due by time passing.
/// </summary>
public sealed class WorkerHost(RequestRound round, WorkSignal signal, IOptions<WorkerOptions> options, IHostApplicationLifetime lifetime, TimeProvider time,
    ILogger<WorkerHost> logger) : IntervalHost(options, lifetime, time, logger)
{
    // Subscribed before the first round: a change committed while it runs is a pulse the next wait answers at once.
    private readonly WorkSignal.Waiter waiter = signal.Subscribe();

    protected override string What => "request worker";

    protected override Task RunOnceAsync(CancellationToken cancellationToken) => round.RunAsync(cancellationToken);

    protected override Task WaitAsync(TimeSpan interval, TimeProvider clock, WorkerOptions worker, CancellationToken cancellationToken) =>
        worker.Wake == WorkWake.Timer ? base.WaitAsync(interval, clock, worker, cancellationToken) : waiter.WaitAsync(interval, clock, cancellationToken);
}
