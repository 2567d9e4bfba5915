using Lethe.Requests;
using Microsoft.Extensions.Options;

namespace Lethe.Web.Hosting;

/// <summary>Runs the background work on requests in the web host (<see cref="RequestRound"/>): steps, packages, reminders, webhooks, mail.</summary>
public sealed class WorkerHost(RequestRound round, IOptions<WorkerOptions> options, TimeProvider time, ILogger<WorkerHost> logger)
    : IntervalHost(options, time, logger)
{
    protected override string What => "request worker";

    protected override Task RunOnceAsync(CancellationToken cancellationToken) => round.RunAsync(cancellationToken);
}
