using Lethe.Requests;
using Lethe.Scanning;
using Microsoft.Extensions.Options;

namespace Lethe.Web.Hosting;

/// <summary>
/// Carries out scans started from the API or the console, beside the other workers so a long scan holds none of them
/// up. Each round works the unfinished scans; a table another server holds is left to it.
/// </summary>
public sealed class ScanHost(ScanWorker scans, IOptions<WorkerOptions> options, IHostApplicationLifetime lifetime, TimeProvider time,
    ILogger<ScanHost> logger) : IntervalHost(options, lifetime, time, logger)
{
    protected override string What => "scan worker";

    protected override Task RunOnceAsync(CancellationToken cancellationToken) => scans.RunDueAsync(cancellationToken);
}
