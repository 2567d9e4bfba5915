using Lethe.Requests;
using Microsoft.Extensions.Options;

namespace Lethe.Web.Hosting;

/// <summary>
/// Background work in the web host, done once the server has started and then every interval (<c>Lethe:Worker:IntervalSeconds</c>, 30 by
/// default; 0 turns it off for a server that only answers HTTP). Due work is read from the database each time, so a
/// restart loses nothing; a round that fails is logged and the next one tries again. The first round waits until the
/// server is ready and <c>Lethe:Worker:StartDelaySeconds</c> more, so start-up is not shared with it.
/// </summary>
public abstract class IntervalHost(IOptions<WorkerOptions> options, IHostApplicationLifetime lifetime, TimeProvider time, ILogger logger) : BackgroundService
{
    /// <summary>What the host does, for the log.</summary>
    protected abstract string What { get; }

    /// <summary>One round of due work.</summary>
    protected abstract Task RunOnceAsync(CancellationToken cancellationToken);

    /// <summary>Waits until the next round: the interval, unless the host knows of work sooner.</summary>
    protected virtual Task WaitAsync(TimeSpan interval, TimeProvider clock, WorkerOptions worker, CancellationToken cancellationToken) =>
        Task.Delay(interval, clock, cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.Interval is not { } interval)
        {
            logger.LogInformation("The {What} is off (Lethe:Worker:IntervalSeconds is 0).", What);
            return;
        }

        try
        {
            await lifetime.WaitUntilStartedAsync(stoppingToken);
            await WaitAsync(options.Value.StartDelay, time, options.Value, stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "The {What} failed; it tries again in {Seconds} s.", What, interval.TotalSeconds);
            }

            try
            {
                await WaitAsync(interval, time, options.Value, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
