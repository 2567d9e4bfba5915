using Lethe.Requests;

namespace Lethe.Web.Hosting;

/// <summary>
/// Runs the request worker and the retention schedule in the web host: at start, then every interval (<c>Lethe:Worker:IntervalSeconds</c>, 30 by
/// default; 0 turns it off for a server that only answers HTTP). Due work is read from the database each time, so a
/// restart loses nothing.
/// </summary>
public sealed class WorkerHost(RequestWorker worker, Lethe.Retention.RetentionWorker retention, IConfiguration configuration, TimeProvider time, ILogger<WorkerHost> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var seconds = int.TryParse(configuration["Lethe:Worker:IntervalSeconds"], System.Globalization.CultureInfo.InvariantCulture, out var s) ? s : 30;
        if (seconds <= 0)
        {
            logger.LogInformation("The request worker is off (Lethe:Worker:IntervalSeconds is 0).");
            return;
        }

        // Let the host finish starting (and migrating) before the first run.
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await worker.RunDueAsync(stoppingToken) > 0 && !stoppingToken.IsCancellationRequested)
                {
                    // More may be due than one round takes; go on at once.
                }

                // A run that is not due yet costs one query; a due one runs here, in batches, to its end.
                await retention.RunDueAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "The request worker failed; it tries again in {Seconds} s.", seconds);
            }

            try
            {
                await Task.Delay(TimeSpan.FromSeconds(seconds), time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
