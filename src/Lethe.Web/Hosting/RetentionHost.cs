using Lethe.Requests;
using Lethe.Retention;
using Microsoft.Extensions.Options;

namespace Lethe.Web.Hosting;

/// <summary>
/// Runs the retention schedule in the web host, beside the request worker rather than in its loop, so a long run never
/// holds up request steps. Each round looks for a tenant whose run is due (<c>Lethe:Retention:Interval</c>, daily) or
/// unfinished, and works it.
/// </summary>
public sealed class RetentionHost(RetentionWorker retention, IOptions<WorkerOptions> options, IHostApplicationLifetime lifetime, TimeProvider time,
    ILogger<RetentionHost> logger) : IntervalHost(options, lifetime, time, logger)
{
    protected override string What => "retention schedule";

    protected override Task RunOnceAsync(CancellationToken cancellationToken) => retention.RunDueAsync(cancellationToken);
}
