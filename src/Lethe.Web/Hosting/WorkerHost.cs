using Lethe.Requests;

namespace Lethe.Web.Hosting;

/// <summary>Runs the request worker in the web host: due request steps, retries and deferred erasures.</summary>
public sealed class WorkerHost(RequestWorker worker, IConfiguration configuration, TimeProvider time, ILogger<WorkerHost> logger)
    : IntervalHost(configuration, time, logger)
{
    protected override string What => "request worker";

    protected override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        while (await worker.RunDueAsync(cancellationToken) > 0 && !cancellationToken.IsCancellationRequested)
        {
            // More may be due than one round takes; go on at once.
        }
    }
}
